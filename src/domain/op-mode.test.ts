import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminRefusal, parseOpMode, type AdminAction, type OpMode } from './op-mode.ts';

test('parseOpMode takes escadm spellings in any case and nothing else', () => {
  assert.equal(parseOpMode('maintenance'), 'MAINTENANCE');
  assert.equal(parseOpMode(' Operation '), 'OPERATION');
  assert.equal(parseOpMode('maint'), undefined);
  assert.equal(parseOpMode(''), undefined);
});

const rows: [action: AdminAction, mode: OpMode, inFlight: number, refusal: string | undefined][] = [
  ['change', 'OPERATION', 3, undefined],
  ['change', 'MAINTENANCE', 0, 'ESC is in maintenance mode'],
  ['enterMaintenanceChecked', 'OPERATION', 0, undefined],
  ['enterMaintenanceChecked', 'OPERATION', 2, 'cannot enter maintenance mode: 2 operation(s) in flight; wait for them to finish'],
  ['enterMaintenanceChecked', 'MAINTENANCE', 0, undefined],
  ['backup', 'OPERATION', 0, 'backup needs maintenance mode: run escadm op_mode set --mode=maintenance first'],
  ['backup', 'MAINTENANCE', 1, undefined],
  ['restore', 'OPERATION', 0, 'restore needs maintenance mode: run escadm op_mode set --mode=maintenance first'],
  ['restore', 'MAINTENANCE', 1, 'cannot restore: 1 operation(s) in flight; wait for them to finish'],
  ['restore', 'MAINTENANCE', 0, undefined],
];

for (const [action, mode, inFlight, refusal] of rows) {
  test(`${action} in ${mode} with ${inFlight} in flight: ${refusal ?? 'allowed'}`, () => {
    assert.equal(adminRefusal(action, { mode, inFlight })?.message, refusal);
  });
}
