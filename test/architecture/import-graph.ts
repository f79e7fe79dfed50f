/**
 * The file-level import graph of the repository's TypeScript, and its circles. Paths are relative
 * to the repository root with `/` separators (`src/engine/engine.ts`); an import of a Node module
 * is `node:<name>` (a bare `fs` included), of a package its name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import { moduleSpecifiers } from './module-specifiers.ts';

export interface ImportEdge {
  from: string;
  /** A repository path for a relative import (`local`), else `node:…` or a package name. */
  to: string;
  local: boolean;
}

/** Every `.ts` file under each of `dirs` (repository-relative), sorted. */
export function tsFiles(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(posix.join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return files.sort();
}

export function importsOf(root: string, file: string): ImportEdge[] {
  return edgesOf(file, readFileSync(posix.join(root, file), 'utf8'));
}

/** The imports of `file` whose text is `text`, relative ones resolved against the file's folder. */
export function edgesOf(file: string, text: string): ImportEdge[] {
  return moduleSpecifiers(text).map((specifier) => {
    const local = specifier.startsWith('./') || specifier.startsWith('../');
    return { from: file, to: local ? posix.join(posix.dirname(file), specifier) : moduleName(specifier), local };
  });
}

/** `fs` and `node:fs` are one module. */
function moduleName(specifier: string): string {
  return !specifier.startsWith('node:') && isBuiltin(specifier) ? `node:${specifier}` : specifier;
}

/**
 * The circles of the graph: its strongly connected components of more than one file, and files
 * that import themselves (Tarjan's algorithm). Each circle lists its files sorted.
 */
export function circles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    const targets = next.get(from) ?? [];
    targets.push(to);
    next.set(from, targets);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!next.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || next.get(node)!.includes(node)) found.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}
