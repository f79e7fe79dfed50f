/**
 * Issue 11 item 7: `esc_nc_cli` run as a process against a real manager's NETCONF server over SSH,
 * every command with its output compared to a golden transcript (ids and times normalised): a
 * tenant and a deployment made from a file, get and get-config, service and VM actions, manual
 * recovery, a snapshot with an XML file and its deletes, undeploy and tenant delete, the refusals,
 * and `notif` replaying and following the escEvents of it all.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ssh2 from 'ssh2';
import type { Manager } from '../../src/app/manager.ts';
import { assertGolden } from '../golden.ts';
import { escNcCli, watchEscNcCli, type CliRun, type CliWatch } from '../support/esc-nc-cli.ts';
import { eventually, startTestManager } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

const golden = (name: string) => new URL(`fixtures/esc-nc-cli/${name}.golden.txt`, import.meta.url).pathname;
const files = mkdtempSync(join(tmpdir(), 'esc-nc-cli-'));
const file = (name: string, text: string) => {
  writeFileSync(join(files, name), text);
  return join(files, name);
};

let manager: Manager;
let port: number;
/** `notif` from the first command to the last: what it prints is checked against the log's replay. */
let live: CliWatch;
const testStart = new Date().toISOString();

/** An operator's key, listed in the manager's authorized keys file. */
const key = ssh2.utils.generateKeyPairSync('ed25519');

before(async () => {
  const authorized = file('authorized_keys', `${key.public}\n`);
  manager = await startTestManager({ settings: { 'netconf.authorized.keys.file': authorized } });
  port = manager.netconfPort!;
  live = watchEscNcCli(port, ['notif', '--start-time', testStart]);
});
after(async () => {
  live?.interrupt();
  await manager?.close();
});

/** What an operator would see: the command, its output and exit status (file paths as their names). */
function transcriptOf(args: readonly string[], run: CliRun): string {
  const stderr = run.stderr ? `[stderr] ${run.stderr}` : '';
  const text = `$ esc_nc_cli ${args.join(' ')}\n${run.stdout}${stderr}[exit ${run.code}]\n`;
  return text.replaceAll(`${files}/`, '').replaceAll(`:${port}`, ':<port>');
}

/** Runs the commands in turn (each awaited, the engine idle after each), then compares the transcript. */
async function session(name: string, steps: readonly (readonly string[])[]): Promise<CliRun[]> {
  const runs: CliRun[] = [];
  let transcript = '';
  for (const args of steps) {
    const run = await escNcCli(port, args);
    runs.push(run);
    transcript += transcriptOf(args, run);
    await manager.engine.runner.idle();
  }
  assertGolden(golden(name), normalize(transcript));
  return runs;
}

const vmName = async () => (await manager.engine.getDeployment('shop')).vms[0]!.name;

test('item 7 create-tenant and edit-config <file> deploy; get and get-config show it (a path becomes the subtree filter)', async () => {
  const dep = file('shop.xml', oneVmDeployment({ tenant: 'acme', name: 'shop' }));
  const runs = await session('deploy', [
    ['create-tenant', 'acme'],
    ['edit-config', dep],
    ['get', "esc_datamodel/opdata/tenants/tenant[name='acme']"],
    ['get-config', 'esc_datamodel/tenants'],
  ]);
  assert.deepEqual(runs.map((r) => r.code), [0, 0, 0, 0]);
  assert.equal((await manager.engine.getDeployment('shop')).deployment.state, 'SERVICE_ACTIVE_STATE');
});

test('item 7 service-action, vm-action and recovery-vm-action answer <ok/> and run', async () => {
  const vm = await vmName();
  const runs = await session('actions', [
    ['service-action', 'STOP', 'acme', 'shop'],
    ['service-action', 'START', 'acme', 'shop'],
    ['vm-action', '--force', 'REBOOT', vm],
    ['recovery-vm-action', 'DO', vm],
  ]);
  assert.deepEqual(runs.map((r) => r.code), [0, 0, 0, 0]);
});

test('SNAP-5 SNAP-9 vm-backup-action with an XML file, then snapshot-action delete; a second delete prints ESC\'s 404 <error>', async () => {
  const vm = await vmName();
  const note = file('backup-note.xml', '<?xml version="1.0"?>\n<note><reason>before upgrade</reason></note>\n');
  const runs = await session('snapshots', [
    ['vm-backup-action', vm, 'my-snapshot-name', 'SNAPSHOT', note],
    ['snapshot-action', 'delete', 'my-snapshot-name'],
    ['snapshot-action', 'delete', 'my-snapshot-name'],
  ]);
  assert.deepEqual(runs.map((r) => r.code), [0, 0, 1]);
});

test('item 7 delete-dep and delete-tenant; deleting again is an <error>, exit 1', async () => {
  const runs = await session('delete', [
    ['delete-dep', 'acme', 'shop'],
    ['delete-dep', 'acme', 'shop'],
    ['delete-tenant', 'acme'],
  ]);
  assert.deepEqual(runs.map((r) => r.code), [0, 1, 0]);
  assert.deepEqual(await manager.engine.listDeployments(), []);
});

/** The escEvents of a `notif` output, one line each (the replay marker left out). */
const eventsIn = (stdout: string): string[] => [...stdout.matchAll(/<notification[^]*?<\/notification>/g)].map((m) => m[0]).filter((n) => !n.includes('<replayComplete'));

test('item 7 notif --start-time --stop-time replays the escEvents of the commands above in order, then notificationComplete', async () => {
  const args = ['notif', '--start-time', testStart, '--stop-time', new Date().toISOString()];
  const run = await escNcCli(port, args);
  assert.equal(run.code, 0, run.stderr);
  const times = [...run.stdout.matchAll(/<eventTime>([^<]*)<\/eventTime>/g)].map((m) => Date.parse(m[1]!));
  assert.deepEqual(times, times.toSorted((a, b) => a - b), 'eventTime never decreases in stream order');
  // Events may share a millisecond, so times become one placeholder rather than numbered ones.
  const shown = transcriptOf(['notif', '--start-time', '<start>', '--stop-time', '<stop>'], run).replace(/<eventTime>[^<]*<\/eventTime>/g, '<eventTime><time></eventTime>');
  assertGolden(golden('notif'), normalize(shown));

  // The watch running since the first command saw the same events (live or replayed), none missing, none twice.
  const replayed = eventsIn(run.stdout).filter((n) => !n.includes('<notificationComplete'));
  await eventually(() => (eventsIn(live.stdout()).length >= replayed.length ? true : undefined), 10_000, 'the live watch to see every event');
  live.interrupt();
  const watched = await live.done;
  assert.equal(watched.code, 0, watched.stderr);
  assert.deepEqual(eventsIn(watched.stdout), replayed);
});

test('bad input: a wrong password, nothing listening, a bad path, a broken file, an unknown action — each one clear line or <error>, exit 1', async () => {
  const broken = file('broken.xml', '<esc_datamodel>\n  <tenants>\n</esc_datamodel>\n');
  const cases: (readonly string[])[] = [
    ['--password', 'wrong', 'get'],
    ['--port', '1', 'get'],
    ['get', 'nothing/here'],
    ['edit-config', broken],
    ['edit-config', join(files, 'missing.xml')],
    ['vm-action', 'FLY', 'no-such-vm'],
  ];
  const runs = await Promise.all(cases.map((args) => escNcCli(port, args)));
  assert.deepEqual(runs.map((r) => r.code), cases.map(() => 1));
  assertGolden(golden('refusals'), normalize(cases.map((args, i) => transcriptOf(args, runs[i]!)).join('')));
});

test('ESC_NC_HOST and ESC_NC_PORT say where the server is when no flag does', async () => {
  const run = await escNcCli(undefined, ['get-config'], { ESC_NC_HOST: '127.0.0.1', ESC_NC_PORT: String(port) });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Get Config\n<\?xml version="1.0" encoding="UTF-8"\?>\n<rpc-reply [^>]*message-id="1"/);
});

test('--private-key logs in with a key the manager lists, instead of the password', async () => {
  const run = await escNcCli(port, ['--password', 'not-the-password', '--private-key', file('id_ed25519', key.private), 'get-config', 'esc_datamodel/tenants']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Get Config\n/);
});
