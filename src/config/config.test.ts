/**
 * The configuration's layers (defaults < file < start overrides < run-time changes) and its
 * mutators, each whole or not at all: `change` (CONF-3), `replaceRuntime` (CONF-4) and `reload` (CONF-1).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Config, parseProperties } from './config.ts';

const timeout = 'vim.asyncpoller.server.create.timeout.mins';
const poll = 'vim.asyncpoller.server.create.poll.secs';

test('each layer overrides the one before: defaults < file < start < run-time', () => {
  const config = new Config({ [timeout]: '3', [poll]: '4', 'vim.requests.inflight': '5' }, { [poll]: '6', 'vim.requests.inflight': '7' });
  assert.equal(config.change({ 'vim.requests.inflight': '9' }), undefined);
  assert.equal(config.string('vim.asyncpoller.server.delete.timeout.mins'), '5', 'default');
  assert.equal(config.string(timeout), '3', 'file');
  assert.equal(config.string(poll), '6', 'start');
  assert.equal(config.number('vim.requests.inflight'), 9, 'run-time');
  assert.deepEqual(config.poller('server.create'), { intervalMs: 6_000, timeoutMs: 180_000 });
});

test('unknown keys are kept and shown; names of Object.prototype are no keys', () => {
  const config = new Config({ 'vmware.host': 'vc1' }, { 'ccp.url': 'http://ccp' });
  assert.equal(config.get('vmware.host'), 'vc1');
  assert.equal(config.all()['ccp.url'], 'http://ccp');
  assert.deepEqual(config.unknownKeys(), ['ccp.url', 'vmware.host']);
  assert.equal(config.get('constructor'), undefined);
  assert.equal(config.get('__proto__'), undefined);
});

test('CONF-3 a change applies all keys or none: a bad key anywhere leaves every value as it was', () => {
  const config = new Config();
  const before = config.all();
  assert.deepEqual(config.change({ [poll]: '1', [timeout]: 'never' }), { reason: 'value', key: timeout, value: 'never', expected: 'a number above 0' });
  assert.deepEqual(config.change({ [poll]: '1', 'server.port': '1' }), { reason: 'restart', key: 'server.port' });
  assert.deepEqual(config.change({ [poll]: '1', 'vmware.host': 'x' }), { reason: 'unknown', key: 'vmware.host' });
  assert.deepEqual(config.all(), before);
  assert.equal(config.change({ [poll]: '1', [timeout]: '2' }), undefined);
  assert.deepEqual(config.poller('server.create'), { intervalMs: 1_000, timeoutMs: 120_000 });
});

test('set is one checked change: a key it may not change throws and changes nothing', () => {
  const config = new Config();
  config.set('rest.auth.enabled', 'true');
  assert.equal(config.bool('rest.auth.enabled'), true);
  assert.throws(() => config.set('server.port', '1'), /server\.port=1 refused: restart/);
  assert.equal(config.string('server.port'), '8080');
});

test('issue 15 item 4: replaceRuntime puts a whole run-time layer in force, leaving out (and naming) what this manager would refuse', () => {
  const config = new Config({}, { [poll]: '6' });
  config.set(timeout, '1');
  assert.deepEqual(config.replaceRuntime({ 'vim.requests.inflight': '3', 'server.port': '1', 'vmware.host': 'x', [poll]: 'never' }), ['server.port', 'vmware.host', poll]);
  assert.equal(config.string('vim.requests.inflight'), '3');
  assert.equal(config.string(timeout), '10', 'the layer before is gone');
  assert.equal(config.string('server.port'), '8080');
  assert.equal(config.string(poll), '6');
  assert.deepEqual(config.replaceRuntime({}), []);
  assert.equal(config.string('vim.requests.inflight'), '20');
});

test('CONF-1 reload replaces the file layer and drops run-time changes; start overrides stay on top', () => {
  const config = new Config({ [timeout]: '3', 'vmware.host': 'old' }, { [poll]: '6' });
  config.set(timeout, '1');
  config.set('vim.requests.inflight', '2');
  assert.deepEqual(config.reload({ [poll]: '9', 'ccp.url': 'u' }), { awaitingRestart: [] });
  assert.equal(config.string(timeout), '10', 'neither the old file value nor the run-time change');
  assert.equal(config.string('vim.requests.inflight'), '20');
  assert.equal(config.string(poll), '6', 'the start override outranks the file');
  assert.equal(config.get('vmware.host'), undefined);
  assert.deepEqual(config.unknownKeys(), ['ccp.url']);
});

test('reload keeps the start-time value of keys read only at start, and lists the ones the file changed', () => {
  const config = new Config({ 'server.port': '8080', 'log.level': 'info', 'emulator.port': '5100' }, { 'emulator.port': '0' });
  const outcome = config.reload({ 'server.port': '9090', 'callback.timeout.secs': '3', 'emulator.port': '1' });
  assert.deepEqual(outcome, { awaitingRestart: ['callback.timeout.secs', 'log.level', 'server.port'] });
  assert.equal(config.string('server.port'), '8080');
  assert.equal(config.string('log.level'), 'info');
  assert.equal(config.string('callback.timeout.secs'), '10');
});

test('reload refuses a file with a bad value and changes nothing, run-time changes included', () => {
  const config = new Config({ [timeout]: '3' });
  config.set(poll, '1');
  assert.deepEqual(config.reload({ [timeout]: '4', 'rest.auth.enabled': 'maybe' }), {
    refused: { reason: 'value', key: 'rest.auth.enabled', value: 'maybe', expected: 'true or false' },
  });
  assert.equal(config.string(timeout), '3');
  assert.equal(config.string(poll), '1');
});

test('parseProperties: key=value and key:value, # and ! comments, blanks; every key kept as its own', () => {
  const parsed = parseProperties('# comment\n! also\n\na.b = 1\nc.d:two words\r\n__proto__=x\nnot a pair\n');
  assert.deepEqual(Object.entries(parsed), [['a.b', '1'], ['c.d', 'two words'], ['__proto__', 'x']]);
});
