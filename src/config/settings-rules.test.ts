/**
 * The settings rules by table (CONF-1..3): each key's value kind as its default implies it, the keys
 * only a restart changes, secrets, the first problem of a change in its order, and the shown view.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstChangeProblem, firstValueProblem, isSecret, needsRestart, settingsView, unknownKeys, valueProblem } from './settings-rules.ts';

const values: [key: string, value: string, expected: string | undefined][] = [
  ['vim.asyncpoller.server.create.timeout.mins', '0.01', undefined],
  ['vim.asyncpoller.server.create.timeout.mins', ' 3 ', undefined],
  ['vim.asyncpoller.server.create.timeout.mins', '0', 'a number above 0'],
  ['vim.asyncpoller.server.create.poll.secs', '-1', 'a number above 0'],
  ['vim.asyncpoller.server.create.poll.secs', 'soon', 'a number above 0'],
  ['vim.asyncpoller.server.create.poll.secs', '', 'a number above 0'],
  ['vim.asyncpoller.server.create.poll.secs', 'Infinity', 'a number above 0'],
  ['vim.requests.inflight', '0', 'a number above 0'],
  ['events.retention.days', '0', 'a number above 0'],
  ['rest.connections.max', '0', 'a number above 0'],
  ['netconf.sessions.max', '0', 'a number above 0'],
  ['ha.heartbeat.secs', '0', 'a number above 0'],
  ['ha.lease.secs', '0.5', undefined],
  ['rest.ratelimit.mutating.per.minute', '0', undefined],
  ['events.retention.days', '0.5', undefined],
  ['engine.operation.max.resumes', '0', undefined],
  ['engine.operation.max.resumes', '-2', 'a number, 0 or more'],
  ['callback.retry.initial.ms', '1e3', undefined],
  ['emulator.port', '0', undefined],
  ['rest.auth.enabled', 'TRUE', undefined],
  ['rest.auth.enabled', 'false', undefined],
  ['rest.auth.enabled', 'yes', 'true or false'],
  ['rest.auth.username', '', undefined],
  ['rest.auth.password', '12', undefined],
  ['liveness.mode', 'vim', undefined],
  ['data.dir', '/var/lib/openvnfm', undefined],
  ['limits.deployment.vms.max', '0', undefined],
  ['limits.deployment.vms.max', '-1', 'a number, 0 or more'],
  ['egress.allowed.networks', '10.0.0.0/8, fc00::/7', undefined],
  ['egress.allowed.networks', '', undefined],
  ['egress.allowed.networks', '10.0.0.1', 'a comma-separated list of CIDR networks (address/prefix)'],
  ['egress.allowed.networks', 'example.com/8', 'a comma-separated list of CIDR networks (address/prefix)'],
  ['database.url', '', undefined],
  ['database.url', 'postgres://vnfm:pw@db.example:5432/vnfm', undefined],
  ['database.url', 'postgresql://127.0.0.1/vnfm', undefined],
  ['database.url', 'mysql://127.0.0.1/vnfm', 'empty (SQLite in data.dir) or a postgres:// URL'],
];
for (const [key, value, expected] of values) {
  test(`a value [${value}] of ${key} is ${expected === undefined ? 'accepted' : `refused: not ${expected}`}`, () => {
    assert.equal(valueProblem(key, value), expected);
  });
}

const restart: [key: string, restarts: boolean][] = [
  ['server.port', true],
  ['server.host', true],
  ['data.dir', true],
  ['database.url', true],
  ['netconf.port', true],
  ['rest.tls.cert', true],
  ['emulator.port', true],
  ['log.level', true],
  ['rest.body.limit.bytes', true],
  ['callback.timeout.secs', true],
  ['ha.lease.secs', true],
  ['vim.request.timeout.secs', true],
  ['liveness.mode', true],
  ['engine.operation.max.resumes', true],
  ['rest.http.enabled', true],
  ['rest.header.timeout.secs', true],
  ['rest.connections.max', true],
  ['security.allow.insecure.listen', true],
  ['ha.heartbeat.secs', true],
  ['ha.lease.secs', true],
  ['rest.ratelimit.mutating.per.minute', false],
  ['rest.auth.failures.per.minute', false],
  ['metrics.auth', false],
  ['vim.asyncpoller.server.create.timeout.mins', false],
  ['vim.requests.inflight', false],
  ['backup.export.dir', false],
  ['events.retention.days', false],
  ['rest.auth.enabled', false],
  ['rest.auth.password', true],
  ['rest.auth.username', true],
  ['data.directory', false],
  ['serverless', false],
];
for (const [key, restarts] of restart) {
  test(`${key} ${restarts ? 'needs a restart' : 'changes at run time'}`, () => assert.equal(needsRestart(key), restarts));
}

test('secrets are the keys ending in .password, .secret or .token, and the database URL (it may carry a password)', () => {
  const keys = ['rest.auth.password', 'vmware.secret', 'ccp.api.token', 'rest.auth.username', 'password.policy', 'tokens', 'database.url'];
  assert.deepEqual(keys.filter(isSecret), ['rest.auth.password', 'vmware.secret', 'ccp.api.token', 'database.url']);
});

test('a change is judged key by key in its order: the first bad key is named, whatever the kind of fault', () => {
  const ok = { 'vim.asyncpoller.server.create.poll.secs': '1' };
  assert.equal(firstChangeProblem(ok), undefined);
  assert.deepEqual(firstChangeProblem({ ...ok, 'vmware.host': 'x', 'server.port': '1' }), { reason: 'unknown', key: 'vmware.host' });
  assert.deepEqual(firstChangeProblem({ ...ok, 'server.port': '1', 'vmware.host': 'x' }), { reason: 'restart', key: 'server.port' });
  assert.deepEqual(firstChangeProblem({ 'vim.requests.inflight': 'many', 'server.port': '1' }), {
    reason: 'value', key: 'vim.requests.inflight', value: 'many', expected: 'a number above 0',
  });
  assert.deepEqual(firstChangeProblem({ constructor: 'x' }), { reason: 'unknown', key: 'constructor' }, 'an Object.prototype name is no key');
});

test('issue 14: a change of the retired engine.vm.parallelism is refused naming the key that replaced it', () => {
  assert.deepEqual(firstChangeProblem({ 'engine.vm.parallelism': '4' }), { reason: 'unknown', key: 'engine.vm.parallelism', replacedBy: 'vim.requests.inflight' });
});

test('a file is judged by its values only: unknown keys and keys read at start are kept', () => {
  assert.equal(firstValueProblem({ 'vmware.host': 'x', 'server.port': '9090' }), undefined);
  assert.deepEqual(firstValueProblem({ 'vmware.host': 'x', 'rest.auth.enabled': 'on' }), { reason: 'value', key: 'rest.auth.enabled', value: 'on', expected: 'true or false' });
});

test('the shown view is sorted by key, secrets masked (even empty ones), other values as given', () => {
  const view = settingsView({ 'b.token': 's3', 'rest.auth.password': '', a: '1', 'c.d': ' x ' });
  assert.deepEqual(Object.entries(view), [['a', '1'], ['b.token', '****'], ['c.d', ' x '], ['rest.auth.password', '****']]);
  assert.deepEqual(unknownKeys({ 'vmware.b': '1', 'server.port': '1', 'ccp.a': '2' }), ['ccp.a', 'vmware.b']);
});
