import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorCodes, errors } from '../../domain/errors.ts';
import { netconfErrorOf, protocolErrors, rpcErrorFieldsOf } from './rpc-error.ts';

test('issue 11 item 3: 404 → application/data-missing, 409 → application/in-use (data-exists for ALREADY_EXISTS), 400 → protocol/invalid-value; maintenance → resource-denied (item 8)', () => {
  const rows = errorCodes.map((code) => `${code} ${netconfErrorOf[code].appTag} ${netconfErrorOf[code].type}/${netconfErrorOf[code].tag}`);
  assert.deepEqual(rows, [
    'INVALID_INPUT 400 protocol/invalid-value',
    'NOT_FOUND 404 application/data-missing',
    'ALREADY_EXISTS 409 application/data-exists',
    'AMBIGUOUS_NAME 409 application/in-use',
    'REFUSED_IN_STATE 409 application/in-use',
    'CONFLICT 409 application/in-use',
    'PAYLOAD_TOO_LARGE 413 rpc/too-big',
    'UNAUTHORIZED 401 protocol/access-denied',
    'VIM_FAILED 502 application/operation-failed',
    'TIMEOUT 504 application/operation-failed',
    'MAINTENANCE 503 application/resource-denied',
    'RATE_LIMITED 429 application/resource-denied',
    'SHUTTING_DOWN 503 application/resource-denied',
    'INTERNAL 500 application/operation-failed',
  ]);
});

test('a domain error keeps its message; a protocol error its own tag and info; anything else is operation-failed 500', () => {
  assert.deepEqual(rpcErrorFieldsOf(errors.snapshotNotFound('s1')), { type: 'application', tag: 'data-missing', appTag: '404', message: 'Snapshot image [s1] not found.' });
  assert.deepEqual(rpcErrorFieldsOf(protocolErrors.lockDenied(3)), {
    type: 'protocol', tag: 'lock-denied', appTag: '409', message: 'the running datastore is locked by session 3', info: { 'session-id': '3' },
  });
  assert.deepEqual(rpcErrorFieldsOf(new Error('boom')), { type: 'application', tag: 'operation-failed', appTag: '500', message: 'boom' });
});
