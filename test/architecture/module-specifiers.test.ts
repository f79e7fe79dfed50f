import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleSpecifiers } from './module-specifiers.ts';

test('every form of import and re-export is found, in order', () => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from './b.ts';",
    "import { type C, d } from \"./c.ts\";",
    "export { e } from './e.ts';",
    "export type { F } from './f.ts';",
    "export * from './g.ts';",
    "export * as h from './h.ts';",
    "import './i.ts';",
    "import j from '../../package.json' with { type: 'json' };",
    "const k = await import('./k.ts');",
    'const l = await import(`./l.ts`);',
    "type M = typeof import('./m.ts');",
    "import {\n  n,\n  o,\n} from 'node:fs';",
  ].join('\n');
  assert.deepEqual(moduleSpecifiers(text), [
    './a.ts', './b.ts', './c.ts', './e.ts', './f.ts', './g.ts', './h.ts', './i.ts', '../../package.json', './k.ts', './l.ts', './m.ts', 'node:fs',
  ]);
});

test('imports written in comments, strings, templates and regular expressions are not imports', () => {
  const text = [
    "// import { x } from './line-comment.ts';",
    "/* import './block-comment.ts'; */",
    "const s = \"import y from './string.ts'\";",
    "const t = `${a} import z from './template.ts' ${'from'} ${b / 2}`;",
    "const r = /from '.\\/regex.ts'/.test(s) && s.split(/['\"]/);",
    "const q = a / 2 / b; const w = Array.from('abc'); const u = import.meta.url;",
    "function f() { return /import('.\\/returned.ts')/; }",
    "class P { #from = 1; m() { return this.#from; } }",
    "import { real } from './real.ts';",
    "const dynamic = import(name);",
  ].join('\n');
  assert.deepEqual(moduleSpecifiers(text), ['./real.ts']);
});
