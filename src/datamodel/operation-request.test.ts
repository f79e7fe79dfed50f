import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../domain/errors.ts';
import { parseRecoveryOperation, parseServiceOperation, parseVmOperation } from './operation-request.ts';

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

test('OPS-1 service operation in XML and both JSON forms', () => {
  assert.deepEqual(parseServiceOperation(`<service_operation ${ns}><operation>stop</operation></service_operation>`, 'xml'), { operation: 'stop' });
  assert.deepEqual(parseServiceOperation('{"operation":"reboot"}', 'json'), { operation: 'reboot' });
  assert.deepEqual(parseServiceOperation('{"service_operation":{"operation":"start"}}', 'json'), { operation: 'start' });
});

test('VMOP-1 VM operation with force', () => {
  assert.deepEqual(parseVmOperation(`<vm_operation ${ns}><operation>reboot</operation><force>true</force></vm_operation>`, 'xml'), { operation: 'reboot', force: true });
  assert.deepEqual(parseVmOperation('{"operation":"stop","force":false}', 'json'), { operation: 'stop', force: false });
  assert.deepEqual(parseVmOperation(`<vm_operation ${ns}><operation>start</operation></vm_operation>`, 'xml'), { operation: 'start', force: false });
});

test('IMPL-2 recovery operation DO in XML and both JSON forms, case-insensitively', () => {
  assert.deepEqual(parseRecoveryOperation(`<recovery_vm_operation ${ns}><operation>DO</operation></recovery_vm_operation>`, 'xml'), { operation: 'DO' });
  assert.deepEqual(parseRecoveryOperation('{"operation":"DO"}', 'json'), { operation: 'DO' });
  assert.deepEqual(parseRecoveryOperation('{"recovery_vm_operation":{"operation":"do"}}', 'json'), { operation: 'DO' });
});

const refusals: [string, () => unknown, RegExp][] = [
  ['missing body', () => parseServiceOperation('', 'xml'), /body is mandatory/],
  ['unknown operation', () => parseServiceOperation('{"operation":"pause"}', 'json'), /\[pause\] is not one of start, stop, reboot/],
  ['missing operation', () => parseServiceOperation(`<service_operation ${ns}/>`, 'xml'), /operation is mandatory/],
  ['wrong root', () => parseServiceOperation(`<vm_operation ${ns}><operation>stop</operation></vm_operation>`, 'xml'), /root must be service_operation/],
  ['recovery without a body', () => parseRecoveryOperation(' ', 'json'), /recovery_vm_operation body is mandatory \(operation DO\)/],
  ['unknown recovery operation', () => parseRecoveryOperation('{"operation":"UNDO"}', 'json'), /\[undo\] is not one of DO/],
  ['recovery in a vm_operation', () => parseRecoveryOperation(`<vm_operation ${ns}><operation>DO</operation></vm_operation>`, 'xml'), /root must be recovery_vm_operation/],
  ['force not a boolean', () => parseVmOperation('{"operation":"stop","force":"yes"}', 'json'), /force \[yes\] must be true or false/],
];
for (const [name, call, message] of refusals)
  test(`OPS-1/VMOP-1/IMPL-2 refuses: ${name}`, () => {
    assert.throws(call, (err) => isDomainError(err, 'INVALID_INPUT') && message.test(err.message));
  });
