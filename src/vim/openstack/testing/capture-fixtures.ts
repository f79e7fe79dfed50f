/**
 * Captures real OpenStack answers for the calls openstack-api.md does not pin (servers/detail with
 * changes-since (live, then deleted), createImage at 2.45, os-set_bootable, block_device_mapping_v2 create, config
 * drive create, image data download) into the resource folders' `fixtures/`. Run by hand against
 * the rig: `. /tmp/osrig/openrc && npx node src/vim/openstack/testing/capture-fixtures.ts`.
 * Tokens are not recorded; ids and times are the rig's own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { vimTagKey, type Scope, type VimDriver } from '../../driver.ts';
import { connectorFromEnv } from '../connector.ts';
import { createOpenStackDriver } from '../openstack-driver.ts';

interface Exchange {
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

const keptHeaders = ['openstack-api-version', 'x-openstack-nova-api-version', 'content-type', 'location', 'accept'];
const exchanges: Exchange[] = [];

const recordingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const url = new URL(String(input));
  const text = await res.clone().text();
  const reqHeaders = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).filter(([k]) => keptHeaders.includes(k)));
  const resHeaders = Object.fromEntries([...res.headers].filter(([k]) => keptHeaders.includes(k)));
  exchanges.push({
    request: { method: init?.method ?? 'GET', path: url.pathname + url.search, headers: reqHeaders, body: init?.body ? JSON.parse(String(init.body)) : undefined },
    response: { status: res.status, headers: resHeaders, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text.length ? `<${text.length} bytes>` : undefined },
  });
  return res;
};

function save(file: string, match: (e: Exchange) => boolean): void {
  const hit = exchanges.findLast(match);
  if (!hit) throw new Error(`no exchange for ${file}`);
  const path = join(import.meta.dirname, '..', file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(hit, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main(): Promise<void> {
  const vim: VimDriver = createOpenStackDriver(connectorFromEnv(process.env, 'capture'), { fetch: recordingFetch });
  const s: Scope = {};
  const flavor = await vim.findFlavor(s, 'm1.tiny');
  const image = await vim.findImage(s, 'osrig-tiny');
  const net = await vim.findNetwork(s, 'net1');
  if (!flavor || !image || !net) throw new Error('rig resources missing');
  const since = new Date(Date.now() - 2000).toISOString().replace(/\.\d+Z$/, 'Z');
  const undo: (() => Promise<void>)[] = [];
  try {
    const vm = await vim.createServer(s, {
      name: 'capture-vm', flavorId: flavor.id, imageId: image.id, portIds: [], networks: [{ networkId: net.id }], blockDevices: [],
      configDrive: [{ path: 'day0.cfg', contents: 'hostname capture\n' }], metadata: {}, tag: 'capture/vm',
    });
    undo.push(() => vim.deleteServer(s, vm.id));
    save('nova/servers/fixtures/create-config-drive.json', (e) => e.request.method === 'POST' && e.request.path.endsWith('/servers'));
    await waitFor('vm ACTIVE', async () => (await vim.getServer(s, vm.id))?.status === 'ACTIVE');
    await vim.listServers(s, { changesSince: since });
    save('nova/servers/fixtures/detail-changes-since.json', (e) => e.request.path.includes('/servers/detail?changes-since'));

    const imageId = await vim.createServerImage(s, vm.id, 'capture-snap', { [vimTagKey]: 'capture/image' });
    undo.push(() => vim.deleteImage(s, imageId));
    save('nova/servers/fixtures/create-image-2.45.json', (e) => e.request.path.endsWith('/action') && JSON.stringify(e.request.body).includes('createImage'));
    await waitFor('image active', async () => (await vim.getImage(s, imageId))?.status === 'active');
    save('glance/images/fixtures/get-snapshot-image.json', (e) => e.request.method === 'GET' && e.request.path.endsWith(`/images/${imageId}`));
    const stream = await vim.downloadImage(s, image.id);
    for await (const _ of stream) void _;
    save('glance/images/fixtures/download.json', (e) => e.request.path.endsWith('/file'));

    const vol = await vim.createVolume(s, { name: 'capture-vol', size: 1, tag: 'capture/vol' });
    undo.push(() => vim.deleteVolume(s, vol.id));
    save('cinder/volumes/fixtures/create-empty.json', (e) => e.request.method === 'POST' && e.request.path.endsWith('/volumes'));
    await waitFor('volume available', async () => (await vim.getVolume(s, vol.id))?.status === 'available');
    await vim.setVolumeBootable(s, vol.id, true);
    save('cinder/volumes/fixtures/set-bootable.json', (e) => JSON.stringify(e.request.body ?? '').includes('os-set_bootable'));
    await vim.getVolume(s, vol.id);
    save('cinder/volumes/fixtures/get-bootable.json', (e) => e.request.method === 'GET' && e.request.path.endsWith(`/volumes/${vol.id}`));
    const snap = await vim.createVolumeSnapshot(s, vol.id, 'capture-snap', 'capture/snap');
    undo.push(() => vim.deleteVolumeSnapshot(s, snap.id));
    save('cinder/snapshots/fixtures/create.json', (e) => e.request.method === 'POST' && e.request.path.endsWith('/snapshots'));

    const bfv = await vim.createServer(s, {
      name: 'capture-bfv', flavorId: flavor.id, portIds: [], networks: [{ networkId: net.id }], metadata: {}, tag: 'capture/bfv',
      blockDevices: [{ sourceType: 'image', uuid: image.id, destinationType: 'volume', volumeSize: 1, bootIndex: 0, deleteOnTermination: true }],
    });
    undo.push(() => vim.deleteServer(s, bfv.id));
    save('nova/servers/fixtures/create-bdm-v2.json', (e) => e.request.method === 'POST' && e.request.path.endsWith('/servers'));
    await waitFor('bfv ACTIVE', async () => (await vim.getServer(s, bfv.id))?.status === 'ACTIVE');
    await vim.getServer(s, bfv.id);
    save('nova/servers/fixtures/get-boot-from-volume.json', (e) => e.request.method === 'GET' && e.request.path.endsWith(`/servers/${bfv.id}`));

    const port = await vim.createPort(s, { name: 'capture-port', networkId: net.id, fixedIps: [{ subnetId: net.subnetIds[0], ipAddress: '192.0.2.199' }], tag: 'capture/port' });
    undo.push(() => vim.deletePort(s, port.id));
    save('neutron/ports/fixtures/create-fixed-ip.json', (e) => e.request.method === 'POST' && e.request.path.endsWith('/ports'));
  } finally {
    for (const u of undo.reverse()) {
      try {
        await u();
        await new Promise((r) => setTimeout(r, 3000));
      } catch (err) {
        console.error('clean-up failed:', (err as Error).message);
      }
    }
  }
  await vim.listServers(s, { changesSince: since });
  save('nova/servers/fixtures/detail-changes-since-deleted.json', (e) => e.request.path.includes('/servers/detail?changes-since'));
  await vim.close();
}

await main();
