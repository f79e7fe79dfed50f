import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GroupPlacementSpec, PlacementSpec } from './deployment-spec.ts';
import { availabilityZoneOf, placementConflict, serverGroupPlanOf, serverGroupPlans } from './placement.ts';

const place = (type: string, enforcement = 'strict', more: Partial<PlacementSpec> = {}): PlacementSpec => ({ type, enforcement, hosts: [], ...more });
const spec = (groups: Record<string, PlacementSpec[]>, placement: GroupPlacementSpec[] = []) => ({
  vmGroups: Object.entries(groups).map(([name, p]) => ({ name, placement: p })) as never,
  policies: { dependencies: [], placement },
});
const between = (target: string, groups: string[], type = 'anti_affinity', enforcement = 'strict'): GroupPlacementSpec => ({ target, type, enforcement, groups });

const policies: [string, PlacementSpec, string][] = [
  ['COMP-1 strict affinity is Nova affinity', place('affinity'), 'affinity'],
  ['COMP-1 strict anti_affinity is Nova anti-affinity', place('anti_affinity'), 'anti-affinity'],
  ['COMP-1 loose affinity is Nova soft-affinity', place('affinity', 'loose'), 'soft-affinity'],
  ['COMP-1 loose anti_affinity is Nova soft-anti-affinity', place('anti_affinity', 'loose'), 'soft-anti-affinity'],
];
for (const [name, p, policy] of policies) {
  test(name, () => assert.deepEqual(serverGroupPlans(spec({ web: [p] })), [{ key: 'web', policy, groups: ['web'] }]));
}

test('COMP-1 zone_host makes no server group', () => {
  assert.deepEqual(serverGroupPlans(spec({ web: [place('zone_host', 'strict', { zone: 'az1' })] })), []);
});

test('COMP-1 a deployment-level policy is one server group of its target and the groups it names', () => {
  const s = spec({ a: [], b: [], c: [] }, [between('a', ['b', 'c'])]);
  assert.deepEqual(serverGroupPlans(s), [{ key: 'policy.0.a', policy: 'anti-affinity', groups: ['a', 'b', 'c'] }]);
  assert.equal(serverGroupPlanOf(s, 'c')?.key, 'policy.0.a');
  assert.equal(placementConflict(s), undefined);
});

test('COMP-1 policies of one Nova policy that share a group are one server group', () => {
  const s = spec({ a: [place('anti_affinity')], b: [], c: [] }, [between('b', ['a']), between('c', ['b'])]);
  assert.deepEqual(serverGroupPlans(s), [{ key: 'a', policy: 'anti-affinity', groups: ['a', 'b', 'c'] }]);
  assert.equal(placementConflict(s), undefined);
});

const conflicts: [string, ReturnType<typeof spec>, RegExp | undefined][] = [
  ['two groups each in their own group are fine', spec({ a: [place('affinity')], b: [place('anti_affinity')] }), undefined],
  ['COMP-1 a group under affinity and anti-affinity', spec({ a: [place('affinity')], b: [] }, [between('b', ['a'])]), /vm_group a is under two placement policies \(a, policy\.0\.b\)/],
  ['COMP-1 a group under strict and loose anti-affinity', spec({ a: [], b: [], c: [] }, [between('a', ['b']), between('c', ['b'], 'anti_affinity', 'loose')]), /vm_group b is under two/],
  ['COMP-1 zone_host between groups', spec({ a: [], b: [] }, [between('a', ['b'], 'zone_host')]), /policies\/placement\[a\] type zone_host/],
];
for (const [name, s, problem] of conflicts) {
  test(name, () => {
    const found = placementConflict(s);
    if (problem) assert.match(found ?? '', problem);
    else assert.equal(found, undefined);
  });
}

const zones: [string, PlacementSpec[], number, string | undefined][] = [
  ['no zone or host leaves the choice to Nova', [place('affinity')], 0, undefined],
  ['COMP-1 a zone is the availability zone', [place('zone_host', 'strict', { zone: 'az1' })], 0, 'az1'],
  ['COMP-1 a host is zone:host', [place('zone_host', 'strict', { zone: 'az1', hosts: ['h1'] })], 0, 'az1:h1'],
  ['COMP-1 a host without a zone goes in Nova\'s default zone', [place('zone_host', 'strict', { hosts: ['h1'] })], 0, 'nova:h1'],
  ['COMP-1 VMs take the listed hosts in turn', [place('zone_host', 'strict', { hosts: ['h1', 'h2'] })], 3, 'nova:h2'],
];
for (const [name, placement, index, az] of zones) {
  test(name, () => assert.equal(availabilityZoneOf({ placement }, index), az));
}
