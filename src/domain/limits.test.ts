import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDependencyCycle, firstDuplicate, isMinWithinMax, lengthViolation, nicidSequenceBreak } from './limits.ts';

test('escname is 1..256 characters, counted as characters not UTF-16 units', () => {
  assert.equal(lengthViolation('a', 'name'), undefined);
  assert.equal(lengthViolation('é'.repeat(256), 'name'), undefined);
  assert.equal(lengthViolation('😀'.repeat(256), 'name'), undefined);
  assert.equal(lengthViolation('', 'name'), 'must be 1..256 characters (got 0)');
  assert.equal(lengthViolation('a'.repeat(257), 'name'), 'must be 1..256 characters (got 257)');
  assert.equal(lengthViolation('a'.repeat(1024), 'netname'), undefined);
});

test('COMP-4 min_active may equal but not exceed max_active', () => {
  assert.equal(isMinWithinMax(2, 2), true);
  assert.equal(isMinWithinMax(0, 1), true);
  assert.equal(isMinWithinMax(3, 2), false);
});

const sequences: [number[], number][] = [
  [[], -1],
  [[0, 1, 2], -1],
  [[1], 0],
  [[0, 2], 1],
  [[0, 1, 1], 2],
];
for (const [nicids, broken] of sequences) {
  test(`nicids ${JSON.stringify(nicids)} break the 0, previous+1 sequence at ${broken}`, () => {
    assert.equal(nicidSequenceBreak(nicids), broken);
  });
}

test('list keys: the first duplicate is named', () => {
  assert.equal(firstDuplicate(['a', 'b', 'c']), undefined);
  assert.equal(firstDuplicate(['a', 'b', 'b', 'a']), 'b');
});

test('COMP-1 dependency cycles are found, chains and diamonds are not cycles', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
  assert.equal(findDependencyCycle(graph({ web: ['db'], app: ['db', 'web'] })), undefined);
  assert.deepEqual(findDependencyCycle(graph({ a: ['a'] })), ['a', 'a']);
  assert.deepEqual(findDependencyCycle(graph({ a: ['b'], b: ['c'], c: ['a'] })), ['a', 'b', 'c', 'a']);
  assert.deepEqual(findDependencyCycle(graph({ x: ['a'], a: ['b'], b: ['a'] })), ['a', 'b', 'a']);
});
