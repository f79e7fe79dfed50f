/**
 * Interop: Debian's unmodified `openstack` CLI (python3-openstackclient 6.0) against the emulator
 * (issue: acceptance commands). Skipped only when the client is missing outside CI; under CI it is
 * installed. Each invocation costs 1–2 s, so the scenario is one sequence of 25 commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startEmulator } from './emulator.ts';

const OPENSTACK = '/usr/bin/openstack';
const run = promisify(execFile);

function clientAvailable(): boolean {
  if (existsSync(OPENSTACK)) return true;
  if (!process.env.CI) return false;
  execFileSync('apt-get', ['install', '-y', 'python3-openstackclient'], { stdio: 'inherit' });
  return existsSync(OPENSTACK);
}

const available = clientAvailable();

test(
  'IMPL-3 the Debian openstack CLI drives servers, images, volumes, snapshots, networks and ports on the emulator',
  { skip: available ? false : `${OPENSTACK} is missing (apt-get install -y python3-openstackclient); CI installs it` },
  async (t) => {
    const emu = await startEmulator({ port: 0, timeScale: 0.01 });
    t.after(() => emu.close());
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      OS_AUTH_URL: emu.authUrl,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: 'admin',
      OS_PASSWORD: 'admin',
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
    };
    const os = async (...args: string[]): Promise<any> => {
      const json = !['stop', 'start', 'reboot', 'delete'].includes(args[1] ?? '') && !(args[0] === 'volume' && args[2] === 'delete');
      try {
        const { stdout } = await run(OPENSTACK, json ? [...args, '-f', 'json'] : args, { env, timeout: 60_000 });
        return json ? JSON.parse(stdout) : stdout;
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`openstack ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
      }
    };

    const networks = await os('network', 'list');
    assert.deepEqual(networks.map((n: any) => n.Name).sort(), ['private', 'public']);
    const port = await os('port', 'create', '--network', 'private', 'cli-port');
    assert.equal(port.fixed_ips[0].ip_address, '192.0.2.2');
    const ports = await os('port', 'list');
    assert.deepEqual(ports.map((p: any) => p.Name), ['cli-port']);

    const vm = await os('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', '--wait', 'cli-vm');
    assert.equal(vm.status, 'ACTIVE');
    assert.equal(vm.flavor, 'm1.tiny (1)');
    const list = await os('server', 'list');
    assert.deepEqual(list.map((s: any) => [s.Name, s.Status, s.Image, s.Flavor]), [['cli-vm', 'ACTIVE', 'cirros', 'm1.tiny']]);
    assert.match(list[0].Networks.private[0], /^192\.0\.2\./);
    await os('server', 'stop', 'cli-vm');
    const stopped = await os('server', 'show', 'cli-vm');
    assert.equal(stopped.status, 'SHUTOFF');
    assert.equal(stopped.image, `cirros (${vm.image.match(/\((.*)\)/)[1]})`);
    await os('server', 'start', 'cli-vm');
    await os('server', 'reboot', '--wait', 'cli-vm');

    const snap = await os('server', 'image', 'create', '--name', 'cli-snap', '--wait', 'cli-vm');
    assert.equal(snap.status, 'active');
    assert.equal(snap.properties.instance_uuid, vm.id);
    const images = await os('image', 'list');
    assert.deepEqual(images.map((i: any) => i.Name).sort(), ['cirros', 'cli-snap']);
    const shown = await os('image', 'show', 'cli-snap');
    assert.equal(shown.id, snap.id);

    const vol = await os('volume', 'create', '--size', '1', 'cli-vol');
    assert.equal(vol.status, 'creating');
    assert.equal(vol.type, '__DEFAULT__');
    const vsnap = await os('volume', 'snapshot', 'create', '--volume', 'cli-vol', 'cli-vsnap');
    assert.equal(vsnap.volume_id, vol.id);
    const vsnaps = await os('volume', 'snapshot', 'list');
    assert.deepEqual(vsnaps.map((s: any) => [s.Name, s.Status]), [['cli-vsnap', 'available']]);
    const vsnapShown = await os('volume', 'snapshot', 'show', 'cli-vsnap');
    assert.equal(vsnapShown['os-extended-snapshot-attributes:progress'], '100%');
    const vol2 = await os('volume', 'create', '--snapshot', 'cli-vsnap', '--size', '1', 'cli-vol2');
    assert.equal(vol2.snapshot_id, vsnap.id);
    const vols = await os('volume', 'list');
    assert.deepEqual(vols.map((v: any) => [v.Name, v.Status]).sort(), [['cli-vol', 'available'], ['cli-vol2', 'available']]);
    const vol2Shown = await os('volume', 'show', 'cli-vol2');
    assert.equal(vol2Shown.status, 'available');
    await os('volume', 'delete', 'cli-vol2');
    await os('volume', 'snapshot', 'delete', 'cli-vsnap');
    await os('volume', 'delete', 'cli-vol');
    await os('image', 'delete', 'cli-snap');
    await os('server', 'delete', '--wait', 'cli-vm');
    assert.deepEqual(await os('server', 'list'), []);

    const dump = emu.admin.dump();
    assert.deepEqual(dump.volumes, []);
    assert.deepEqual(dump.snapshots, []);
    assert.deepEqual((dump.images as any[]).map((i) => i.name), ['cirros']);
    assert.deepEqual((dump.ports as any[]).map((p) => p.name), ['cli-port'], "the server's own port went with it");
  },
);
