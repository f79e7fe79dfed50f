/** A watched VM's first poll: within one interval, at its loop's phase (issue 14: loops armed together spread out). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstDue } from './watched.ts';

test('issue 14: the first poll falls within one interval at the loop\u2019s own phase; loops armed in the same tick spread over the interval', () => {
  const now = 1_700_000_000_123;
  const dues = Array.from({ length: 50 }, (_, k) => firstDue(now, 3_000, `default_openstack_vim|project-${k}`));
  for (const due of dues) assert.ok(due > now && due <= now + 3_000, `${due - now} ms`);
  assert.equal(firstDue(now, 3_000, 'default_openstack_vim|project-7'), dues[7], 'derived from the key: the same in every run');
  assert.equal((firstDue(now + 1_000, 3_000, 'default_openstack_vim|project-7') - dues[7]!) % 3_000, 0, 'VMs of one loop armed later share its phase');
  // 50 loops over 3 s: no 300 ms slice holds more than a fifth of them.
  const slice = (due: number) => Math.floor(((due - now) % 3_000) / 300);
  const slices = new Map<number, number>();
  for (const due of dues) slices.set(slice(due), (slices.get(slice(due)) ?? 0) + 1);
  assert.ok(Math.max(...slices.values()) <= 10, JSON.stringify([...slices]));
});
