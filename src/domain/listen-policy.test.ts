import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insecureListenReason, isLoopbackHost } from './listen-policy.ts';

const hosts: [host: string, loopback: boolean][] = [
  ['127.0.0.1', true],
  ['127.3.4.5', true],
  ['::1', true],
  ['[::1]', true],
  ['::ffff:127.0.0.1', true],
  ['localhost', true],
  ['LOCALHOST', true],
  ['0.0.0.0', false],
  ['::', false],
  ['10.0.0.5', false],
  ['::ffff:10.0.0.5', false],
  ['manager.example.com', false],
  ['', false],
];
for (const [host, loopback] of hosts) test(`issue 13: [${host}] is ${loopback ? '' : 'not '}loopback`, () => assert.equal(isLoopbackHost(host), loopback));

test('issue 13 item 4: a non-loopback listener needs authentication on and a password that is not the default', () => {
  const secure = { authEnabled: true, defaultPassword: false };
  assert.equal(insecureListenReason({ host: '0.0.0.0', ...secure }), undefined);
  assert.equal(insecureListenReason({ host: '0.0.0.0', ...secure, authEnabled: false }), 'authentication is off');
  assert.equal(insecureListenReason({ host: '0.0.0.0', ...secure, defaultPassword: true }), 'the user still has its default password');
  assert.equal(insecureListenReason({ host: '127.0.0.1', authEnabled: false, defaultPassword: true }), undefined, 'loopback: anything goes');
});
