/**
 * The module specifiers a TypeScript file names: `import … from 'x'`, `import type … from 'x'`,
 * `export … from 'x'` (including `export * as ns from 'x'`), `import 'x'`, and `import('x')` with a
 * literal (a dynamic import, or an import type `typeof import('x')`).
 *
 * A small lexer rather than the TypeScript compiler: loading `typescript` alone takes about a second,
 * and the import check must stay fast. It skips comments, string and template literals and regular
 * expression literals, so an import written inside any of them is not mistaken for one; what is left
 * is a stream of words, strings and punctuation, where a specifier is a string right after `from` or
 * `import`, or right after `import(`.
 */

type Token = { kind: 'word' | 'string' | 'template' | 'punct' | 'number' | 'regex'; value: string };

export function moduleSpecifiers(text: string): string[] {
  const tokens = lex(text);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || tokens[i - 1]?.value === '.') continue;
    const next = tokens[i + 1];
    if ((t.value === 'from' || t.value === 'import') && next?.kind === 'string') found.push(next.value);
    else if (t.value === 'import' && next?.value === '(' && tokens[i + 2]?.kind === 'string') found.push(tokens[i + 2]!.value);
  }
  return found;
}

/** Words after which a `/` starts a regular expression, not a division. */
const beforeExpression = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  /** One entry per open `{`: true when it opened a template substitution `${`. */
  const braces: boolean[] = [];
  let i = 0;
  const push = (kind: Token['kind'], value: string): void => {
    tokens.push({ kind, value });
  };
  /**
   * Reads template text from `i`: just inside the opening backtick (`whole` true) or after a
   * substitution's `}`. A template without substitutions is a plain string (`import(\`./x.ts\`)`).
   */
  const templateRest = (whole: boolean): void => {
    const start = i;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        push(whole ? 'string' : 'template', text.slice(start, i));
        i++;
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        push('template', text.slice(start, i));
        braces.push(true);
        i += 2;
        return;
      } else i++;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      const end = quoteEnd(text, i, c);
      push('string', text.slice(i + 1, end).replace(/\\(.)/g, '$1'));
      i = end + 1;
    } else if (c === '`') {
      i++;
      templateRest(true);
    } else if (c === '{') {
      braces.push(false);
      push('punct', c);
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop()) templateRest(false);
      else push('punct', c);
    } else if (c === '/' && startsRegex(tokens.at(-1))) {
      const end = regexEnd(text, i);
      push('regex', text.slice(i, end));
      i = end;
    } else if (/[A-Za-z_$#\u0080-\uffff]/.test(c)) {
      const m = /^[#\w$\u0080-\uffff]+/.exec(text.slice(i, i + 256))!;
      push('word', m[0]);
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^[\w.]+/.exec(text.slice(i, i + 64))!;
      push('number', m[0]);
      i += m[0].length;
    } else {
      push('punct', c);
      i++;
    }
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index of the quote that closes the string opened at `from`. */
function quoteEnd(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length && text[i] !== quote && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** A `/` starts a regular expression unless it follows something that ends a value. */
function startsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'word') return beforeExpression.has(previous.value);
  if (previous.kind === 'punct') return previous.value !== ')' && previous.value !== ']' && previous.value !== '}';
  return false;
}

/** Index just past the regular expression literal starting at `from` (its flags included). */
function regexEnd(text: string, from: number): number {
  let i = from + 1;
  let inClass = false;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i++;
  }
  i++;
  while (i < text.length && /[a-z]/.test(text[i]!)) i++;
  return i;
}
