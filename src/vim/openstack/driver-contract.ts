/**
 * @module The `VimDriver` contract (IMPL-3): one list of cases any OpenStack-speaking driver must
 * pass, run against the real OpenStack rig (`test/openstack-real/`) and against the emulator.
 * Cases run in order on shared resources (a server made once is stopped, rebooted, imaged), as a
 * deploy would use them. Everything a case creates is registered for clean-up at once, and
 * `after` deletes it newest first and waits until it is gone, even when a case failed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { vimTagKey, type Scope, type VimDriver, type VimServer } from '../driver.ts';
import { VimError } from '../errors.ts';

export interface ContractWorld {
  driver: VimDriver;
  imageName: string;
  networkName: string;
  flavorName: string;
  /**
   * Makes a Cinder attachment (`POST /attachments`, 3.27, no connector) of the volume for a server
   * that need not exist — what a build Nova lost leaves behind: the volume is held `reserved`.
   */
  reserveVolume(volumeId: string, serverId: string): Promise<void>;
  cleanup(): Promise<void>;
}

const waitTimeoutMs = 240_000;
const pollMs = 1_000;

/** Polls `read` until `done` holds; fails on `failed` or after the deadline (distinct messages). */
async function waitUntil<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, failed: (v: T) => boolean = () => false): Promise<T> {
  const deadline = Date.now() + waitTimeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (failed(v)) assert.fail(`${what}: reached a failure state: ${JSON.stringify(v)}`);
    if (Date.now() > deadline) assert.fail(`${what}: timed out; last seen ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export function driverContract(name: string, make: () => Promise<ContractWorld>): void {
  describe(`VimDriver contract: ${name}`, () => {
    let world: ContractWorld;
    let vim: VimDriver;
    const scope: Scope = {};
    const run = randomUUID().slice(0, 8);
    const tag = (step: string) => `contract-${run}/${step}`;
    const cleanups: { what: string; undo: () => Promise<void> }[] = [];
    const ids: Record<string, string> = {};

    const serverStatus = (id: string) => vim.getServer(scope, id);
    const waitServer = (id: string, want: string) =>
      waitUntil<VimServer | undefined>(`server ${id} → ${want}`, () => serverStatus(id), (s) => s?.status === want && !s.taskState, (s) => s?.status === 'ERROR' || s === undefined);
    const waitVolume = (id: string, want: string) =>
      waitUntil(`volume ${id} → ${want}`, () => vim.getVolume(scope, id), (v) => v?.status === want, (v) => v === undefined || v.status.startsWith('error'));
    const waitGone = (what: string, get: () => Promise<unknown>) =>
      waitUntil(`${what} deleted`, get, (v) => v === undefined || (v as { status?: string }).status === 'deleted');

    function track(what: string, del: () => Promise<void>, get: () => Promise<unknown>): void {
      cleanups.push({ what, undo: async () => { await del(); await waitGone(what, get); } });
    }
    const trackServer = (id: string) => track(`server ${id}`, () => vim.deleteServer(scope, id), () => vim.getServer(scope, id));
    const trackVolume = (id: string) => track(`volume ${id}`, () => vim.deleteVolume(scope, id), () => vim.getVolume(scope, id));

    before(async () => {
      world = await make();
      vim = world.driver;
    });

    after(async () => {
      // Newest first; what fails (e.g. a volume whose snapshot was not gone yet) gets a second pass.
      let failures: string[] = [];
      let pending = cleanups.reverse();
      for (let pass = 0; pass < 2 && pending.length; pass++) {
        const again: typeof cleanups = [];
        failures = [];
        for (const c of pending) {
          try {
            await c.undo();
          } catch (err) {
            again.push(c);
            failures.push(`${c.what}: ${(err as Error).message}`);
          }
        }
        pending = again;
      }
      await world?.cleanup();
      await vim?.close();
      assert.deepEqual(failures, [], 'every resource the contract made is deleted');
    });

    test('IMPL-3 authenticates and finds flavor, image, network and subnet by name', async () => {
      const project = await vim.defaultProject();
      assert.ok(project.id && project.name);
      const flavor = await vim.findFlavor(scope, world.flavorName);
      const image = await vim.findImage(scope, world.imageName);
      const network = await vim.findNetwork(scope, world.networkName);
      assert.ok(flavor && image && network, 'all three found');
      assert.equal(flavor.name, world.flavorName);
      assert.equal(image.status, 'active');
      assert.ok(network.subnetIds.length > 0);
      const subnet = await vim.findSubnet(scope, network.subnetIds[0] ?? '', network.id);
      assert.equal(subnet?.networkId, network.id);
      assert.equal((await vim.findFlavor(scope, flavor.id))?.id, flavor.id, 'by id too');
      assert.equal((await vim.findImage(scope, image.id))?.id, image.id, 'by id too');
      Object.assign(ids, { flavor: flavor.id, image: image.id, network: network.id, subnet: subnet?.id, cidr: subnet?.cidr });
    });

    test('IMPL-3 get* of an unknown id is undefined; find* of an unknown name is undefined', async () => {
      const nobody = randomUUID();
      assert.equal(await vim.getServer(scope, nobody), undefined);
      assert.equal(await vim.getImage(scope, nobody), undefined);
      assert.equal(await vim.getVolume(scope, nobody), undefined);
      assert.equal(await vim.getVolumeSnapshot(scope, nobody), undefined);
      assert.equal(await vim.getPort(scope, nobody), undefined);
      assert.equal(await vim.findFlavor(scope, `no-such-${run}`), undefined);
      assert.equal(await vim.findNetwork(scope, `no-such-${run}`), undefined);
    });

    test('IMPL-3 a port with a fixed IP is created, found by tag and by id', async () => {
      const ip = fixedIpIn(ids.cidr ?? '192.0.2.0/24');
      const port = await vim.createPort(scope, { name: `contract-${run}-p1`, networkId: ids.network ?? '', fixedIps: [{ subnetId: ids.subnet, ipAddress: ip }], tag: tag('port1') });
      track(`port ${port.id}`, () => vim.deletePort(scope, port.id), () => vim.getPort(scope, port.id));
      assert.deepEqual(port.fixedIps, [{ subnetId: ids.subnet, ipAddress: ip }]);
      assert.deepEqual((await vim.listPorts(scope, { tag: tag('port1') })).map((p) => p.id), [port.id]);
      assert.equal((await vim.findPort(scope, port.id))?.id, port.id);
      ids.port = port.id;
      ids.ip = ip;
    });

    test('IMPL-3 a server on a pre-created port goes ACTIVE and is found by tag', async () => {
      const created = await vim.createServer(scope, {
        name: `contract-${run}-vm1`, flavorId: ids.flavor ?? '', imageId: ids.image, portIds: [ids.port ?? ''], blockDevices: [], metadata: { purpose: 'contract' }, tag: tag('vm1'),
      });
      trackServer(created.id);
      ids.server = created.id;
      const active = await waitServer(created.id, 'ACTIVE');
      assert.equal(active?.metadata[vimTagKey], tag('vm1'));
      assert.equal(active?.metadata.purpose, 'contract');
      const addrs = Object.values(active?.addresses ?? {}).flat().map((a) => a.addr);
      assert.ok(addrs.includes(ids.ip ?? ''), `server has the port's fixed IP ${ids.ip}: ${addrs.join(',')}`);
      assert.deepEqual((await vim.listServers(scope, { tag: tag('vm1') })).map((s) => s.id), [created.id]);
      assert.equal((await vim.getPort(scope, ids.port ?? ''))?.deviceId, created.id);
    });

    test('IMPL-3 a server on a network with day-0 config drive files goes ACTIVE', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const created = await vim.createServer(scope, {
        name: `contract-${run}-vm2`, flavorId: ids.flavor ?? '', imageId: ids.image, portIds: [], networks: [{ networkId: ids.network ?? '' }], blockDevices: [],
        configDrive: [{ path: 'day0.cfg', contents: 'hostname vm2\n' }], userData: '#!/bin/sh\necho hi\n', metadata: {}, tag: tag('vm2'),
      });
      trackServer(created.id);
      ids.server2 = created.id;
      await waitServer(created.id, 'ACTIVE');
      const changed = await vim.listServers(scope, { changesSince: since });
      assert.ok(changed.some((s) => s.id === created.id), 'changes-since lists the new server');
    });

    test('IMPL-3 stop, wrong-state stop, start, soft and hard reboot; the ids of servers by status (issue 14)', async () => {
      const id = ids.server ?? '';
      assert.ok((await vim.listServerIds(scope, 'ACTIVE')).includes(id), 'the summary list by status names the ACTIVE server');
      await vim.stopServer(scope, id);
      await waitServer(id, 'SHUTOFF');
      assert.ok(!(await vim.listServerIds(scope, 'ACTIVE')).includes(id), 'a stopped server is not among the ACTIVE ones');
      assert.ok((await vim.listServerIds(scope, 'SHUTOFF')).includes(id));
      await assert.rejects(vim.stopServer(scope, id), (err: unknown) => {
        assert.ok(err instanceof VimError);
        assert.equal(err.kind, 'final');
        assert.equal(err.status, 409);
        assert.match(err.message, /^OpenStack Nova: Cannot 'stop' instance .* while it is in vm_state stopped/);
        return true;
      });
      await vim.startServer(scope, id);
      await waitServer(id, 'ACTIVE');
      await vim.rebootServer(scope, id, 'SOFT');
      await waitServer(id, 'ACTIVE');
      await vim.rebootServer(scope, id, 'HARD');
      await waitServer(id, 'ACTIVE');
    });

    test('IMPL-3 createImage returns an image that goes active, is found by tag, downloads and deletes', async () => {
      const imageId = await vim.createServerImage(scope, ids.server ?? '', `contract-${run}-snap`, { [vimTagKey]: tag('image1') });
      track(`image ${imageId}`, () => vim.deleteImage(scope, imageId), () => vim.getImage(scope, imageId));
      const image = await waitUntil('image active', () => vim.getImage(scope, imageId), (i) => i?.status === 'active', (i) => i === undefined || i.status === 'killed');
      assert.equal(image?.properties[vimTagKey], tag('image1'));
      assert.deepEqual((await vim.listImages(scope, { tag: tag('image1') })).map((i) => i.id), [imageId]);
      const bytes = await readAll(await vim.downloadImage(scope, ids.image ?? ''));
      assert.ok(bytes > 0, 'the base image has data');
      await vim.deleteImage(scope, imageId);
      await waitGone(`image ${imageId}`, () => vim.getImage(scope, imageId));
    });

    test('IMPL-3 volumes: empty (then bootable), from image, snapshot, from snapshot', async () => {
      const empty = await vim.createVolume(scope, { name: `contract-${run}-v1`, size: 1, tag: tag('vol1') });
      trackVolume(empty.id);
      ids.volume = empty.id;
      const fromImage = await vim.createVolume(scope, { name: `contract-${run}-v2`, size: 1, imageId: ids.image, tag: tag('vol2') });
      trackVolume(fromImage.id);
      ids.bootVolume = fromImage.id;
      await waitVolume(empty.id, 'available');
      assert.deepEqual((await vim.listVolumes(scope, { tag: tag('vol1') })).map((v) => v.id), [empty.id]);
      await vim.setVolumeBootable(scope, empty.id, true);
      assert.equal((await vim.getVolume(scope, empty.id))?.bootable, true);
      const boot = await waitVolume(fromImage.id, 'available');
      assert.equal(boot?.bootable, true);
      assert.equal(boot?.imageId, ids.image);

      const snap = await vim.createVolumeSnapshot(scope, empty.id, `contract-${run}-s1`, tag('snap1'));
      track(`snapshot ${snap.id}`, () => vim.deleteVolumeSnapshot(scope, snap.id), () => vim.getVolumeSnapshot(scope, snap.id));
      await waitUntil('snapshot available', () => vim.getVolumeSnapshot(scope, snap.id), (s) => s?.status === 'available', (s) => s === undefined || s.status === 'error');
      assert.deepEqual((await vim.listVolumeSnapshots(scope, { tag: tag('snap1') })).map((s) => s.id), [snap.id]);
      const fromSnap = await vim.createVolume(scope, { name: `contract-${run}-v3`, snapshotId: snap.id, tag: tag('vol3') });
      trackVolume(fromSnap.id);
      const restored = await waitVolume(fromSnap.id, 'available');
      assert.equal(restored?.snapshotId, snap.id);
    });

    test('IMPL-3 attach and detach a volume through Nova', async () => {
      const volumeId = ids.volume ?? '';
      await vim.attachVolume(scope, ids.server ?? '', volumeId);
      const inUse = await waitVolume(volumeId, 'in-use');
      assert.deepEqual(inUse?.attachments.map((a) => a.serverId), [ids.server]);
      await vim.detachVolume(scope, ids.server ?? '', volumeId);
      await waitVolume(volumeId, 'available');
    });

    test('COMP-2 attach and detach a pre-created port through Nova (os-interface)', async () => {
      const port = await vim.createPort(scope, { name: `contract-${run}-p2`, networkId: ids.network ?? '', tag: tag('port2') });
      track(`port ${port.id}`, () => vim.deletePort(scope, port.id), () => vim.getPort(scope, port.id));
      const ip = port.fixedIps[0]?.ipAddress ?? '';
      await vim.attachInterface(scope, ids.server ?? '', port.id);
      assert.equal((await vim.getPort(scope, port.id))?.deviceId, ids.server);
      const addressesOf = async () => Object.values((await vim.getServer(scope, ids.server ?? ''))?.addresses ?? {}).flat().map((a) => a.addr);
      await waitUntil('the server shows the attached address', addressesOf, (addrs) => addrs.includes(ip));
      await vim.detachInterface(scope, ids.server ?? '', port.id);
      await waitUntil('the port is unbound', () => vim.getPort(scope, port.id), (p) => !p?.deviceId, (p) => p === undefined);
      await waitUntil('the server no longer shows the address', addressesOf, (addrs) => !addrs.includes(ip));
    });

    test('IMPL-3 clearVolumeAttachments frees a volume held by an attachment of a gone server, and only that', async () => {
      const volumeId = ids.volume ?? '';
      const gone = randomUUID();
      assert.equal(await vim.clearVolumeAttachments(scope, volumeId, [gone]), 0, 'nothing to clear on a free volume');
      assert.equal((await vim.getVolume(scope, volumeId))?.status, 'available');
      await world.reserveVolume(volumeId, gone);
      cleanups.push({ what: `attachments of volume ${volumeId}`, undo: async () => { await vim.clearVolumeAttachments(scope, volumeId, [gone]); } });
      await waitVolume(volumeId, 'reserved');
      assert.equal(await vim.clearVolumeAttachments(scope, volumeId, [randomUUID()]), 0, "another server's attachment is left alone");
      assert.equal((await vim.getVolume(scope, volumeId))?.status, 'reserved');
      assert.equal(await vim.clearVolumeAttachments(scope, volumeId, [gone]), 1);
      await waitVolume(volumeId, 'available');
    });

    test('IMPL-3 a server boots from a volume (block_device_mapping_v2)', async () => {
      const created = await vim.createServer(scope, {
        name: `contract-${run}-vm3`, flavorId: ids.flavor ?? '', portIds: [], networks: [{ networkId: ids.network ?? '' }],
        blockDevices: [{ sourceType: 'volume', uuid: ids.bootVolume, destinationType: 'volume', bootIndex: 0, deleteOnTermination: false }],
        metadata: {}, tag: tag('vm3'),
      });
      trackServer(created.id);
      const active = await waitServer(created.id, 'ACTIVE');
      assert.equal(active?.imageId, undefined, 'boot from volume has no image');
      const vol = await waitVolume(ids.bootVolume ?? '', 'in-use');
      assert.deepEqual(vol?.attachments.map((a) => a.serverId), [created.id]);
    });

    test('IMPL-3 networks and subnets are created, listed by tag and deleted', async () => {
      const net = await vim.createNetwork(scope, { name: `contract-${run}-net`, shared: false, adminStateUp: true, tag: tag('net') });
      track(`network ${net.id}`, () => vim.deleteNetwork(scope, net.id), async () => (await vim.listNetworks(scope, { ids: [net.id] }))[0]);
      const sub = await vim.createSubnet(scope, { name: `contract-${run}-sub`, networkId: net.id, cidr: '198.51.100.0/24', ipVersion: 4, enableDhcp: false, tag: tag('sub') });
      track(`subnet ${sub.id}`, () => vim.deleteSubnet(scope, sub.id), async () => (await vim.listSubnets(scope, { ids: [sub.id] }))[0]);
      assert.deepEqual((await vim.listNetworks(scope, { tag: tag('net') })).map((n) => n.id), [net.id]);
      assert.deepEqual((await vim.listSubnets(scope, { tag: tag('sub'), networkId: net.id })).map((s) => s.id), [sub.id]);
      assert.equal(sub.gatewayIp, '198.51.100.1');
    });

    test('IMPL-1 a tenant becomes a project the connector user can deploy into', async () => {
      const name = `contract-${run}-tenant`;
      const project = await vim.ensureProject(name, tag('tenant'));
      cleanups.push({ what: `project ${project.id}`, undo: () => vim.deleteProject(project.id) });
      assert.equal((await vim.ensureProject(name, tag('tenant'))).id, project.id, 'ensureProject is idempotent');
      assert.equal((await vim.findProject(name))?.id, project.id);
      const tenant: Scope = { projectId: project.id };
      const port = await vim.createPort(tenant, { name: `contract-${run}-tp`, networkId: ids.network ?? '', tag: tag('tport') });
      track(`tenant port ${port.id}`, () => vim.deletePort(tenant, port.id), () => vim.getPort(tenant, port.id));
      assert.deepEqual((await vim.listPorts(tenant, { tag: tag('tport') })).map((p) => p.id), [port.id]);
      assert.deepEqual(await vim.listVolumes(tenant), [], 'the tenant project sees its own (empty) volumes');
    });

    test('COMP-1 a server group is created with its policy, found by its name as tag, read and deleted', async () => {
      const name = tag('group');
      const group = await vim.createServerGroup(scope, { name, policy: 'soft-anti-affinity' });
      track(`server group ${group.id}`, () => vim.deleteServerGroup(scope, group.id), () => vim.getServerGroup(scope, group.id));
      assert.deepEqual({ ...group, id: '' }, { id: '', name, policy: 'soft-anti-affinity', members: [] });
      assert.deepEqual((await vim.listServerGroups(scope, { tag: name })).map((g) => g.id), [group.id]);
      assert.deepEqual(await vim.getServerGroup(scope, group.id), group);
      await vim.deleteServerGroup(scope, group.id);
      assert.equal(await vim.getServerGroup(scope, group.id), undefined);
      await vim.deleteServerGroup(scope, group.id); // a delete of one already gone has succeeded
    });

    test('IMPL-3 delete of everything: servers, volumes, snapshots, ports disappear', async () => {
      for (const c of cleanups.splice(0).reverse()) await c.undo();
      for (const step of ['vm1', 'vm2', 'vm3']) assert.deepEqual(await vim.listServers(scope, { tag: tag(step) }), []);
      for (const step of ['vol1', 'vol2', 'vol3']) assert.deepEqual(await vim.listVolumes(scope, { tag: tag(step) }), []);
      for (const step of ['port1', 'port2']) assert.deepEqual(await vim.listPorts(scope, { tag: tag(step) }), []);
      assert.equal(await vim.findProject(`contract-${run}-tenant`), undefined);
    });
  });
}

/** An address high in the subnet, random so that parallel runs rarely collide. */
function fixedIpIn(cidr: string): string {
  const [base] = cidr.split('/');
  const parts = (base ?? '').split('.');
  parts[3] = String(200 + Math.floor(Math.random() * 50));
  return parts.join('.');
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.byteLength;
  return n;
}
