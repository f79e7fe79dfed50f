/** A watched VM's first poll: half an interval to one interval away, by its loop's key (issue 14: loops armed together spread out). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstDue } from './watched.ts';

test('issue 14: the first poll falls half an interval to one interval away by the loop\u2019s key; loops armed in the same tick spread over that half', () => {
  const now = 1_700_000_000_123;
  const dues = Array.from({ length: 50 }, (_, k) => firstDue(now, 3_000, `default_openstack_vim|project-${k}`));
  for (const due of dues) assert.ok(due > now + 1_500 && due <= now + 3_000, `${due - now} ms`);
  assert.equal(firstDue(now, 3_000, 'default_openstack_vim|project-7'), dues[7], 'derived from the key: the same in every run');
  // 50 loops over 1.5 s: no 150 ms slice holds more than a fifth of them.
  const slice = (due: number) => Math.floor((due - now - 1_500) / 150);
  const slices = new Map<number, number>();
  for (const due of dues) slices.set(slice(due), (slices.get(slice(due)) ?? 0) + 1);
  assert.ok(Math.max(...slices.values()) <= 10, JSON.stringify([...slices]));
});
