import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  controlCharacterProblem,
  deploymentBoundProblem,
  findDependencyCycle,
  firstDuplicate,
  isMinWithinMax,
  keystoneProjectNameProblem,
  nicidSequenceBreak,
  textViolation,
  type DeploymentBounds,
} from './limits.ts';

test('escname is 1..256 characters, counted as characters not UTF-16 units', () => {
  assert.equal(textViolation('a', 'name'), undefined);
  assert.equal(textViolation('é'.repeat(256), 'name'), undefined);
  assert.equal(textViolation('😀'.repeat(256), 'name'), undefined);
  assert.equal(textViolation('', 'name'), 'must be 1..256 characters (got 0)');
  assert.equal(textViolation('a'.repeat(257), 'name'), 'must be 1..256 characters (got 257)');
  assert.equal(textViolation('a'.repeat(1024), 'netname'), undefined);
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

// Issue 13: names the manager owns; references to VIM objects keep only their length.
const ownNames: [value: string, problem: string | undefined][] = [
  ['acme', undefined],
  ['Ωmega-1_x.y', undefined],
  ['😀'.repeat(256), undefined],
  ['a/b', 'must not contain /'],
  ['../../etc', 'must not contain /'],
  ['a\x01b', 'must not contain control character U+0001'],
  ['tab\there', 'must not contain control character U+0009'],
  ['new\nline', 'must not contain control character U+000A'],
  ['del\x7f', 'must not contain control character U+007F'],
  ['c1\u0085', 'must not contain control character U+0085'],
  ['', 'must be 1..256 characters (got 0)'],
  ['a'.repeat(257), 'must be 1..256 characters (got 257)'],
];
for (const [value, problem] of ownNames) {
  test(`an own name ${JSON.stringify(value.slice(0, 20))} is ${problem ?? 'accepted'}`, () => {
    assert.equal(textViolation(value, 'ownName'), problem);
  });
}

test('a VIM reference (escname) keeps only its length rule', () => {
  assert.equal(textViolation('images/a\x01', 'name'), undefined);
});

const projectNames: [name: string, refused: boolean][] = [
  ['a'.repeat(64), false],
  ['é'.repeat(64), false],
  ['a'.repeat(65), true],
];
for (const [name, refused] of projectNames) {
  test(`a tenant mapped to a Keystone project named with ${[...name].length} characters is ${refused ? 'refused' : 'accepted'}`, () => {
    assert.equal(keystoneProjectNameProblem(name) !== undefined, refused);
  });
}

const bounds: DeploymentBounds = {
  'limits.deployment.vms.max': 10,
  'limits.deployment.groups.max': 3,
  'limits.vm.interfaces.max': 2,
  'limits.vm.volumes.max': 1,
};
const group = (name: string, maxActive: number, interfaces = 1, volumes = 0) => ({
  name,
  scaling: { maxActive },
  interfaces: Array.from({ length: interfaces }),
  volumes: Array.from({ length: volumes }),
});
const sized: [name: string, groups: ReturnType<typeof group>[], setting: string | undefined, message?: string][] = [
  ['within every bound', [group('a', 5, 2, 1), group('b', 5)], undefined],
  ['max_active summing over the VM bound', [group('a', 6), group('b', 5)], 'limits.deployment.vms.max', 'deployment [d] VMs (the sum of max_active) 11 > 10'],
  ['min_active 100000 (its max_active is at least as large)', [group('a', 100_000)], 'limits.deployment.vms.max'],
  ['one group too many', [group('a', 1), group('b', 1), group('c', 1), group('d', 1)], 'limits.deployment.groups.max', 'deployment [d] vm_groups 4 > 3'],
  ['a group with too many interfaces', [group('a', 1, 3)], 'limits.vm.interfaces.max', 'vm_group [a] interfaces 3 > 2'],
  ['a group with too many volumes', [group('a', 1, 1, 2)], 'limits.vm.volumes.max', 'vm_group [a] volumes 2 > 1'],
];
for (const [name, vmGroups, setting, message] of sized) {
  test(`deployment bounds: ${name} ${setting ? `passes ${setting}` : 'is accepted'}`, () => {
    const problem = deploymentBoundProblem({ name: 'd', vmGroups }, bounds);
    assert.equal(problem?.setting, setting);
    if (message) assert.equal(`${problem!.subject} ${problem!.got} > ${problem!.max}`, message);
  });
}

test('deployment bounds: 0 means no bound', () => {
  const none = { ...bounds, 'limits.deployment.vms.max': 0 };
  assert.equal(deploymentBoundProblem({ name: 'd', vmGroups: [group('a', 100_000)] }, none), undefined);
});

test('issue 13: a control character (C0, DEL, C1) is named by its code point, never echoed; / is no control character', () => {
  assert.equal(controlCharacterProblem('a\u0000b'), 'must not contain control character U+0000');
  assert.equal(controlCharacterProblem('\u009b[2J'), 'must not contain control character U+009B');
  assert.equal(controlCharacterProblem('x\u007f'), 'must not contain control character U+007F');
  assert.equal(controlCharacterProblem('a/b é ✓'), undefined);
});
