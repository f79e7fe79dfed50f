import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circles, edgesOf } from './import-graph.ts';

test('a circle is every file of a strongly connected component; a self-import is one too', () => {
  const edge = (from: string, to: string) => ({ from, to, local: !to.startsWith('node:') });
  const found = circles([
    edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd'), edge('d', 'node:fs'),
    edge('e', 'e'), edge('f', 'g'), edge('g', 'h'),
  ]);
  assert.deepEqual(found.sort(), [['a', 'b', 'c'], ['e']]);
});

test('relative imports resolve to repository paths; builtins are node: modules; packages keep their name', () => {
  const text = "import a from '../c/d.ts'; import './e.ts'; import 'fs'; import 'node:path'; import f from 'fastify';";
  assert.deepEqual(edgesOf('src/a/b.ts', text), [
    { from: 'src/a/b.ts', to: 'src/c/d.ts', local: true },
    { from: 'src/a/b.ts', to: 'src/a/e.ts', local: true },
    { from: 'src/a/b.ts', to: 'node:fs', local: false },
    { from: 'src/a/b.ts', to: 'node:path', local: false },
    { from: 'src/a/b.ts', to: 'fastify', local: false },
  ]);
});
