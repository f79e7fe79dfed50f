/**
 * `escadm` end to end (issue 11 item 8; esc-interface.md §5.2): the command as a process against a
 * real manager over HTTP, its output compared with golden transcripts. vimmanager show, set and
 * restart (CONF-1..3); op_mode with ipt_check against a deploy in flight, and maintenance refusing
 * REST changes with 503 + Retry-After while reads and admin routes work; backup taken while an
 * operation runs, a restore refused while one runs, then a restore that brings the database back
 * and resumes the operation the backup held open; the mode kept across a restart; the REST user
 * set, reset and hashed in from -D; status when nothing answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list } from 'tar';
import type { Manager } from '../../src/app/manager.ts';
import { reservePort } from '../../src/events/testing/http-receiver.ts';
import { assertGolden } from '../golden.ts';
import { EscadmTranscript, runEscadm } from '../support/escadm.ts';
import { eventually, fastPolling, startTestManager, tempDataDir } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

const golden = (name: string) => new URL(`fixtures/escadm/${name}`, import.meta.url).pathname;
const dataDir = tempDataDir();
let manager: Manager;
let api: string;

before(async () => {
  manager = await startTestManager({ dataDir });
  api = `${manager.url}/ESCManager/v0`;
});
after(() => manager.close());

const escadm = () => new EscadmTranscript({ url: manager.url });
const deploy = (name: string) =>
  fetch(`${api}/deployments/${name}`, { method: 'POST', body: oneVmDeployment({ tenant: 'adm', name }), headers: { 'content-type': 'application/xml' } });
/** The service state opdata shows, or the HTTP status when there is none. */
const stateOf = async (name: string) => {
  const res = await fetch(`${api}/deployments/${name}`);
  return res.ok ? /<state>(SERVICE_\w+)<\/state>/.exec(await res.text())?.[1] : res.status;
};
/**
 * A deploy kept in flight until `release` is called: its guest never answers liveness (the deploy
 * waits within bootup_time), then boots.
 */
async function heldDeploy(name: string): Promise<{ release: () => void }> {
  const admin = manager.emulator!.admin;
  admin.setDurations({ serverBuild: 1500 });
  assert.equal((await deploy(name)).status, 201);
  const server = await eventually(() => (admin.dump().servers as { id: string; name: string }[]).find((s) => s.name.includes(name)), 10_000, `the server of ${name}`);
  admin.setGuest({ serverId: server.id, mode: 'never-boots' });
  admin.setDurations({ serverBuild: 300 });
  return { release: () => admin.setGuest({ serverId: server.id, mode: 'ok' }) };
}
const settle = () => manager.engine.runner.idle();

test('CONF-1..3 vimmanager set, restart and show, with ESC output', async () => {
  const t = escadm();
  await t.run(['vimmanager', 'set', '--config', 'vim.asyncpoller.snapshot.create.poll.secs=200', 'vim.asyncpoller.snapshot.create.timeout.mins=1']);
  const changed = (await (await fetch(`${api}/admin/settings`)).json()) as Record<string, string>;
  assert.equal(changed['vim.asyncpoller.snapshot.create.poll.secs'], '200');
  await t.run(['vimmanager', 'set', '--config', 'vmware.host=vc1']);
  await t.run(['vimmanager', 'restart']);
  assertGolden(golden('vimmanager.txt'), t.text());
  // The whole configuration is every branch's to grow, so it is compared with the API, not a file.
  const show = await runEscadm(['vimmanager', 'show'], { url: manager.url });
  const [title, ...json] = show.stdout.split('\n');
  assert.equal(title, 'VimManager System Configurations.');
  assert.deepEqual(JSON.parse(json.join('\n')), await (await fetch(`${api}/admin/settings`)).json());
  assert.match(show.stdout, /^\{\n {2}"admin\.restore\.limit\.bytes": "1073741824",$/m, 'pretty-printed, two spaces');
  const shown = JSON.parse(json.join('\n')) as Record<string, string>;
  assert.equal(shown['vim.asyncpoller.snapshot.create.poll.secs'], fastPolling['vim.asyncpoller.snapshot.create.poll.secs'], 'restart dropped the run-time change');
});

test('op_mode: ipt_check refuses while a deploy is in flight; maintenance answers REST changes 503 + Retry-After: 60, reads and admin routes work', async () => {
  const t = escadm();
  const held = await heldDeploy('adm-inflight');
  await t.run(['op_mode', 'set', '--mode=maintenance', '--ipt_check=true']);
  held.release();
  await settle();
  await t.run(['op_mode', 'set', '--mode=maintenance', '--ipt_check=true']);
  await t.run(['op_mode', 'show']);
  const refused = await deploy('adm-refused');
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '60');
  assert.match(await refused.text(), /<error_message>ESC is in maintenance mode<\/error_message>/);
  assert.equal((await fetch(`${api}/deployments/adm-inflight`, { method: 'DELETE' })).status, 503, 'an undeploy is a change too');
  assert.equal(await stateOf('adm-inflight'), 'SERVICE_ACTIVE_STATE', 'reads go on');
  await t.run(['status']);
  await t.run(['op_mode', 'set', '--mode=operation']);
  assertGolden(golden('op-mode.txt'), t.text());
  assert.equal((await fetch(`${api}/deployments/adm-inflight`, { method: 'DELETE' })).status, 200);
  await settle();
});

test('backup while an operation runs; restore refused while one runs; a restore brings the database back and resumes the operation it held open', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'openvnfm-escadm-')), 'esc.tar.gz');
  const t = escadm();
  assert.equal((await deploy('adm-kept')).status, 201);
  await settle();
  await t.run(['backup', '--file', file]);
  const held = await heldDeploy('adm-resumed');
  await t.run(['op_mode', 'set', '--mode=maintenance']);
  await t.run(['backup', '--file', file]);
  await t.run(['restore', '--file', file]);
  held.release();
  await settle();
  await t.run(['op_mode', 'set', '--mode=operation']);
  assert.equal((await deploy('adm-after-backup')).status, 201);
  await settle();
  await t.run(['op_mode', 'set', '--mode=maintenance']);
  await t.run(['restore', '--file', file]);
  await t.run(['op_mode', 'show']);
  assertGolden(golden('backup-restore.txt'), normalize(t.text({ [file]: '<file>' })));

  assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup holds what the database holds');
  const entries: string[] = [];
  await list({ file, onReadEntry: (entry) => entries.push(entry.path) });
  assert.deepEqual(entries, ['manifest.json', 'openvnfm.sqlite']);
  assert.equal(await stateOf('adm-after-backup'), 404, 'the database is as the backup has it');
  assert.equal(await stateOf('adm-kept'), 'SERVICE_ACTIVE_STATE');
  await eventually(async () => ((await stateOf('adm-resumed')) === 'SERVICE_ACTIVE_STATE' ? true : undefined), 15_000, 'the resumed deploy to finish');
  await settle();
  const servers = manager.emulator!.admin.dump() as { servers: { name: string }[] };
  assert.equal(servers.servers.filter((s) => s.name.includes('adm-resumed')).length, 1, 'the resumed deploy found its server, made none twice');
});

test('the mode survives a restart; a REST password given by -D is hashed in; rest set changes and resets the REST user', async () => {
  await manager.close();
  manager = await startTestManager({ dataDir, settings: { 'rest.auth.enabled': 'true', 'rest.auth.password': 'fromstart' } });
  const t = escadm();
  await t.run(['op_mode', 'show']);
  await t.run(['op_mode', 'show'], { user: 'admin', password: 'fromstart' });
  await t.run(['rest', 'set', '--username', 'orch', '--password', 's3cret'], { user: 'admin', password: 'fromstart' });
  await t.run(['status'], { user: 'admin', password: 'fromstart' });
  await t.run(['status'], { user: 'orch', password: 's3cret' });
  await t.run(['rest', 'set'], { user: 'orch', password: 's3cret' });
  await t.run(['op_mode', 'set', '--mode=operation'], { user: 'admin', password: 'cisco123' });
  assertGolden(golden('rest-user.txt'), t.text());
  const file = join(dataDir, 'credentials.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.doesNotMatch(readFileSync(file, 'utf8'), /fromstart|s3cret|cisco123/);
});

test('status says ESC is not running, exit 3, when nothing answers at VNFM_URL', async () => {
  const t = new EscadmTranscript({ url: `http://127.0.0.1:${await reservePort()}` });
  await t.run(['status']);
  assertGolden(golden('status-down.txt'), t.text());
});
