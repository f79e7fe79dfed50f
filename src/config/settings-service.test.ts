/**
 * The settings service over a real `application.properties` (CONF-1..3): loading at start with its
 * checks, the warning about unknown keys, and reload (re-read, refused whole on a bad value).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memorySettings } from './local-shared-state.ts';
import { loadConfig, SettingsService } from './settings-service.ts';

const timeout = 'vim.asyncpoller.server.create.timeout.mins';

function propertiesFile(text?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'openvnfm-settings-')), 'application.properties');
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

function warnings(): { log: { warn(obj: object, msg: string): void }; seen: { obj: object; msg: string }[] } {
  const seen: { obj: object; msg: string }[] = [];
  return { seen, log: { warn: (obj, msg) => seen.push({ obj, msg }) } };
}

function loaded(file: string, start: Record<string, string> = {}) {
  const outcome = loadConfig(file, start);
  if ('refused' in outcome) throw new Error(`refused: ${JSON.stringify(outcome.refused)}`);
  return outcome.config;
}

test('CONF-1 loadConfig reads the file under the start overrides; an absent file is empty', () => {
  const config = loaded(propertiesFile(`${timeout}=3\nvim.requests.inflight=4\n`), { 'vim.requests.inflight': '2' });
  assert.equal(config.string(timeout), '3');
  assert.equal(config.string('vim.requests.inflight'), '2');
  assert.equal(loaded(propertiesFile()).string(timeout), '10');
});

test('CONF-1 a bad value in the file is refused naming file, key and value; a bad start override naming key and value', () => {
  const file = propertiesFile(`vmware.host=vc\n${timeout}=ten\n`);
  assert.deepEqual(loadConfig(file, {}), { refused: { reason: 'value', key: timeout, value: 'ten', expected: 'a number above 0', file } });
  assert.deepEqual(loadConfig(propertiesFile(), { 'rest.auth.enabled': 'on' }), {
    refused: { reason: 'value', key: 'rest.auth.enabled', value: 'on', expected: 'true or false' },
  });
});

test('unknown keys of the file are kept, shown, and logged once at warn when the service starts', () => {
  const file = propertiesFile('vmware.host=vc\nccp.token=t0k\n');
  const { log, seen } = warnings();
  const settings = new SettingsService({ config: loaded(file), file, log });
  assert.deepEqual(seen, [{ obj: { file, keys: ['ccp.token', 'vmware.host'] }, msg: 'configuration keys openvnfm does not read are kept as given' }]);
  const shown = settings.show();
  assert.equal(shown['vmware.host'], 'vc');
  assert.equal(shown['ccp.token'], '****');
  assert.equal(seen.length, 1, 'showing logs nothing');
});

test('issue 14: a file still setting engine.vm.parallelism is told, at warn, which key replaced it', () => {
  const file = propertiesFile('engine.vm.parallelism=4\n');
  const { log, seen } = warnings();
  new SettingsService({ config: loaded(file), file, log });
  assert.deepEqual(seen, [
    { obj: { file, keys: ['engine.vm.parallelism'] }, msg: 'configuration keys openvnfm does not read are kept as given' },
    { obj: { file, key: 'engine.vm.parallelism', replacedBy: 'vim.requests.inflight' }, msg: 'configuration key engine.vm.parallelism is no longer read: set vim.requests.inflight instead' },
  ]);
});

test('change answers the effective settings, or the refusal with nothing changed', async () => {
  const file = propertiesFile();
  const settings = new SettingsService({ config: loaded(file), file, log: warnings().log });
  assert.deepEqual(await settings.change({ [timeout]: '1', 'server.port': '1' }), { refused: { reason: 'restart', key: 'server.port' } });
  assert.equal(settings.show()[timeout], '10');
  const answer = await settings.change({ [timeout]: '1' });
  assert.ok('settings' in answer);
  assert.equal(answer.settings[timeout], '1');
  assert.equal(answer.settings['rest.auth.password'], '****');
});

test('CONF-1 reload re-reads the file: new values in, run-time changes out, start overrides kept, a restart-only change logged', async () => {
  const file = propertiesFile(`${timeout}=3\n`);
  const { log, seen } = warnings();
  const settings = new SettingsService({ config: loaded(file, { 'vim.requests.inflight': '2' }), file, log });
  await settings.change({ 'rest.auth.enabled': 'true' });
  writeFileSync(file, `${timeout}=4\nvim.requests.inflight=6\nserver.port=9090\nvmware.host=vc\n`);
  const answer = await settings.reload();
  assert.ok('settings' in answer);
  assert.equal(answer.settings[timeout], '4');
  assert.equal(answer.settings['vim.requests.inflight'], '2');
  assert.equal(answer.settings['rest.auth.enabled'], 'false');
  assert.equal(answer.settings['server.port'], '8080');
  assert.equal(answer.settings['vmware.host'], 'vc');
  assert.deepEqual(seen.map((w) => w.msg), [
    'configuration keys read only at start changed; they take effect at the next restart',
    'configuration keys openvnfm does not read are kept as given',
  ]);
  assert.deepEqual(seen[0]?.obj, { file, keys: ['server.port'] });
});

test('reload of a file with a bad value is refused naming the file, and changes nothing', async () => {
  const file = propertiesFile(`${timeout}=3\n`);
  const settings = new SettingsService({ config: loaded(file), file, log: warnings().log });
  await settings.change({ 'vim.requests.inflight': '3' });
  writeFileSync(file, `${timeout}=4\nvim.requests.inflight=none\n`);
  assert.deepEqual(await settings.reload(), { refused: { reason: 'value', key: 'vim.requests.inflight', value: 'none', expected: 'a number above 0', file } });
  assert.equal(settings.show()[timeout], '3');
  assert.equal(settings.show()['vim.requests.inflight'], '3');
});

test('CONF-1 reload of a file that cannot be read is refused naming it, and changes nothing', async () => {
  const file = propertiesFile(`${timeout}=3\n`);
  const settings = new SettingsService({ config: loaded(file), file, log: warnings().log });
  rmSync(file);
  mkdirSync(file); // a folder where the file was: EISDIR
  const answer = await settings.reload();
  assert.ok('refused' in answer && answer.refused.reason === 'unreadable' && answer.refused.file === file, JSON.stringify(answer));
  assert.equal(settings.show()[timeout], '3');
});

test('CONF-4 two services over one run-time layer: a change on one is in force on the other after its sync; a restart on one makes the other re-read its own file', async () => {
  const layer = memorySettings();
  const fileA = propertiesFile(`${timeout}=3\n`);
  const fileB = propertiesFile(`${timeout}=4\n`);
  const a = new SettingsService({ config: loaded(fileA), file: fileA, log: warnings().log, runtime: layer });
  const b = new SettingsService({ config: loaded(fileB), file: fileB, log: warnings().log, runtime: layer });
  await Promise.all([a.sync(), b.sync()]);
  await a.change({ 'vim.requests.inflight': '3' });
  await b.sync();
  assert.equal(b.show()['vim.requests.inflight'], '3');
  assert.equal(b.show()[timeout], '4');

  writeFileSync(fileA, `${timeout}=5\n`);
  writeFileSync(fileB, `${timeout}=6\n`);
  await b.reload();
  await a.sync();
  assert.deepEqual([a.show()[timeout], a.show()['vim.requests.inflight']], ['5', '20']);
  assert.deepEqual([b.show()[timeout], b.show()['vim.requests.inflight']], ['6', '20']);
  await a.sync();
  writeFileSync(fileA, `${timeout}=7\n`);
  await a.sync();
  assert.equal(a.show()[timeout], '5', 'a sync without a restart keeps the file read before');
});
