/**
 * Backup and restore on the real OpenStack rig (SNAP-1..12, REST-1..6, IMPL-3), through the
 * manager's REST: snapshots of a running and of a stopped image-booted VM (Nova createImage under
 * the fake virt driver), the snapshot of a volume-booted VM with the Cinder snapshots Nova makes
 * of its volumes, volumes from a snapshot, both swap kinds (a data volume in place; the boot volume
 * by rebuilding the server), the one-step restores, the snapshot deletes (one while its volumes are
 * attached, which the rig's fake virt driver needs test/openstack-real/rig/ for), and at the end nothing of
 * the tenant's left on the cloud: servers, ports, volumes, volume snapshots, images.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { eventually } from '../support/manager.ts';
import { bootVolume, oneVmDeployment } from '../support/one-vm-deployment.ts';
import { rawCloud, type RawCloud } from './cloud.ts';
import { onRig, RealSession, serviceOperation } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const tenant = `ovnfm-br-${randomBytes(3).toString('hex')}`;
const json = 'application/json';
const dataVolume = (o: { external?: string } = {}) =>
  `<volume><name>${o.external ? 'restored' : 'data'}</name>${o.external ? `<external_volume_id>${o.external}</external_volume_id>` : '<size>1</size>'}</volume>`;
const rootVolume = (external: string) => `<volume><name>restored-root</name><external_volume_id>${external}</external_volume_id><bootable>true</bootable><boot_index>0</boot_index></volume>`;
const deployment = (name: string, volumes?: string) => onRig(oneVmDeployment({ tenant, name, volumes }));

interface Listed { id: string; name: string; status: string; status_message: string; volume_snapshot_id?: string | string[]; created_from_generated_vm_name: string }
interface CinderVolume { id: string; status: string; snapshot_id: string | null; bootable: string; attachments: { server_id: string }[] }
interface NovaServer { id: string; name: string; status: string; image: { id: string } | ''; 'os-extended-volumes:volumes_attached': { id: string }[] }

if (!rigAvailable) reportRigAbsent('SNAP/REST backup and restore on the real OpenStack rig');
else {
  let admin: RawCloud;
  let s: RealSession;
  let projectId = '';
  /** Volumes made from snapshots (out of band, REST-3) and volumes a swap left detached (REST-2): ours to remove. */
  const leftByDesign = new Set<string>();

  before(async () => {
    admin = await rawCloud();
    s = await RealSession.start(admin, { env: { ...readOpenrc(), VNFM_LIVENESS: 'vim' } });
  });
  after(async () => {
    if (projectId) for (const id of leftByDesign) await admin.call('DELETE', `${cinder()}/volumes/${id}`);
    await s?.close(tenant);
  });

  const nova = () => admin.endpoint('compute');
  const cinder = () => admin.endpoint('volumev3');
  const glance = () => admin.endpoint('image');
  const vmOf = async (name: string) => (await s.manager.engine.getDeployment(name)).vms[0]!;
  const server = async (id: string): Promise<NovaServer> => (await admin.call('GET', `${nova()}/servers/${id}`)).body.server;
  const volume = async (id: string): Promise<CinderVolume> => (await admin.call('GET', `${cinder()}/volumes/${id}`)).body.volume;
  /** The deployment's VM's ports with their addresses, as Neutron has them. */
  const portsOf = async (dep: string) => {
    const ids = (await vmOf(dep)).interfaces.map((i) => i.portId);
    const ports = (await admin.call('GET', `${admin.endpoint('network')}/v2.0/ports?project_id=${projectId}`)).body.ports as { id: string; fixed_ips: unknown }[];
    return ports.filter((p) => ids.includes(p.id)).map((p) => JSON.stringify([p.id, p.fixed_ips])).sort();
  };
  const listed = async (query = ''): Promise<Listed[]> => {
    const res = await s.send('GET', `/snapshots?internalTenantId=${tenant}${query}`, undefined, json);
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text).snapshots.snapshot ?? [];
  };

  /** A snapshot of `vm` run to VM_BACKUP_COMPLETE; returns its listed record. */
  async function snapshot(vm: string, name: string): Promise<Listed> {
    const { done, events } = await s.run('POST', `/${tenant}/deployments/snapshot-vm/${vm}`, 200, JSON.stringify({ operation: 'snapshot', name }), json);
    const last = events.at(-1);
    assert.equal(`${last?.type} ${last?.status}`, 'VM_BACKUP_COMPLETE SUCCESS', `${last?.message} ${done.body}`);
    assert.deepEqual(events.map((e) => e.type), ['VM_BACKUP_INIT', 'VM_BACKUP_CREATED', 'VM_BACKUP_COMPLETE']);
    const [record] = (await listed(`&generatedVMName=${vm}`)).filter((x) => x.name === name);
    assert.ok(record, `snapshot ${name} listed`);
    return record;
  }

  /** A service update (PUT of the deployment) run to SERVICE_UPDATED; returns the VM_UPDATED message. */
  async function update(name: string, xml: string): Promise<string> {
    const { done, events } = await s.run('PUT', `/deployments/${name}`, 200, xml);
    assert.equal(done.headers['esc-status-code'], '200', `${String(done.headers['esc-status-message'])} ${JSON.stringify(events.map((e) => e.message))}`);
    assert.deepEqual(events.map((e) => `${e.type} ${e.status}`), ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
    return events[0]!.message;
  }

  /** The one-step restore-vm (REST-1, REST-2) run to SERVICE_UPDATED. */
  async function restore(vm: string, snapshotRef: string): Promise<void> {
    const { done, events } = await s.run('POST', `/${tenant}/deployments/restore-vm/${vm}`, 200, JSON.stringify({ snapshot: snapshotRef }), json);
    assert.equal(done.headers['esc-status-code'], '200', JSON.stringify(events.map((e) => e.message)));
    assert.deepEqual(events.map((e) => e.type), ['VM_UPDATED', 'SERVICE_UPDATED']);
  }

  /** REST-4..6: a bootable volume from the snapshot's boot volume snapshot; returns its Cinder id. */
  async function volumeFrom(snapshotId: string, name: string): Promise<string> {
    const res = await s.send('POST', `/snapshots/${snapshotId}/volumes`, JSON.stringify({ name }), json);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, '');
    const done = await eventually(() => {
      const got = eventsOf(s.receiver, res.txn!);
      return got.length === 2 ? got : undefined;
    }, 600_000, `the volume callbacks of ${res.txn}`);
    assert.deepEqual(done.map((e) => `${e.type} ${e.status} ${e.statusCode}`), ['VM_VOLUME_ACCEPTED_EVENT SUCCESS 202', 'VM_VOLUME_CREATED_EVENT SUCCESS 201']);
    const id = (done[1]!.body.escParameter as { external_volume_id: string }).external_volume_id;
    leftByDesign.add(id);
    return id;
  }

  let imgVm = '';
  let volVm = '';
  let volumeSnapshot: Listed;
  let bootVolumeSnapshot = '';

  test('setup: an image-booted and a volume-booted (with a data volume) deployment, both alive on the real Nova', async () => {
    const runs = await Promise.all([
      s.run('POST', '/deployments/img', 201, deployment('img')),
      s.run('POST', '/deployments/vol', 201, deployment('vol', bootVolume + dataVolume())),
    ]);
    for (const { done } of runs) assert.equal(done.headers['esc-status-code'], '200', done.body);
    projectId = (await s.projectOf(tenant))!;
    imgVm = (await vmOf('img')).name;
    volVm = (await vmOf('vol')).name;
  });

  // The two VMs' stories are independent: they run side by side, each in its order.
  describe('the image-booted and the volume-booted VM, side by side', { concurrency: true }, () => {
    test('image-booted VM', async (t) => {
      await t.test('SNAP-1 SNAP-2 SNAP-8 snapshots of the running and of the stopped VM: listed available, their Glance images active', async () => {
        const running = await snapshot(imgVm, 'img-running');
        const { done } = await s.run('POST', `/${tenant}/deployments/service/img`, 200, serviceOperation('stop'));
        assert.equal(done.headers['esc-status-code'], '200', done.body);
        assert.equal((await server((await vmOf('img')).serverId!)).status, 'SHUTOFF');
        const stopped = await snapshot(imgVm, 'img-stopped');
        for (const x of [running, stopped]) {
          assert.equal(x.status, 'available', x.status_message);
          assert.equal(x.volume_snapshot_id, undefined, 'an image-booted VM has no volume snapshot');
          const images = (await admin.call('GET', `${glance()}/v2/images?name=${x.name}`)).body.images as { status: string }[];
          assert.deepEqual(images.map((i) => i.status), ['active']);
        }
      });
      await t.test('REST-1 one-step restore from an image snapshot, the service started again: a new server from the image, on the same port', async () => {
        const { done } = await s.run('POST', `/${tenant}/deployments/service/img`, 200, serviceOperation('start'));
        assert.equal(done.headers['esc-status-code'], '200', done.body);
        const before = await vmOf('img');
        const ports = await portsOf('img');
        await restore(imgVm, 'img-running');
        const after = await vmOf('img');
        assert.notEqual(after.serverId, before.serverId);
        const rebuilt = await server(after.serverId!);
        assert.equal(rebuilt.status, 'ACTIVE');
        assert.equal(rebuilt.image && rebuilt.image.id, (await s.manager.store.getSnapshot((await listed()).find((x) => x.name === 'img-running')!.id))!.imageId);
        assert.deepEqual(await portsOf('img'), ports, 'same port, same address');
      });
    });

    test('volume-booted VM', async (t) => {
      let fromSnapshot: string[] = [];
      await t.test('SNAP-12 its snapshot: the image names a Cinder snapshot per volume, each available; listed with volume_snapshot_id', async () => {
        volumeSnapshot = await snapshot(volVm, 'vol-golden');
        assert.equal(volumeSnapshot.status, 'available', volumeSnapshot.status_message);
        const record = (await s.manager.store.getSnapshot(volumeSnapshot.id))!;
        assert.equal(record.volumeSnapshots.length, 2, 'the boot and the data volume');
        assert.deepEqual(volumeSnapshot.volume_snapshot_id, record.volumeSnapshots.map((v) => v.id), 'boot volume first');
        bootVolumeSnapshot = record.volumeSnapshots[0]!.id;
        for (const v of record.volumeSnapshots) {
          const cinderSnapshot = (await admin.call('GET', `${cinder()}/snapshots/${v.id}`)).body.snapshot as { status: string; name: string };
          assert.deepEqual([cinderSnapshot.status, cinderSnapshot.name], ['available', 'snapshot for vol-golden']);
        }
      });
      await t.test('REST-4 REST-5 REST-6 two volumes from the snapshot: 202, ACCEPTED and CREATED callbacks, made from the boot volume snapshot', async () => {
        fromSnapshot = await Promise.all(['vol-data-restored', 'vol-root-restored'].map((name) => volumeFrom(volumeSnapshot.id, name)));
        for (const id of fromSnapshot) {
          const v = await volume(id);
          assert.deepEqual([v.status, v.snapshot_id, v.bootable], ['available', bootVolumeSnapshot, 'true']);
        }
      });
      await t.test('REST-3 REST-2 the data volume swapped in place: same server UUID and ports; the old volume left detached', async () => {
        const before = await vmOf('vol');
        const ports = await portsOf('vol');
        const ext = fromSnapshot[0]!;
        const oldData = before.volumes.find((v) => v.name === 'data')!.volumeId!;
        leftByDesign.add(oldData);
        await update('vol', deployment('vol', bootVolume + dataVolume({ external: ext })));
        const after = await vmOf('vol');
        assert.equal(after.serverId, before.serverId, 'the server UUID is kept');
        assert.deepEqual(await portsOf('vol'), ports);
        assert.deepEqual((await volume(ext)).attachments.map((a) => a.server_id), [after.serverId]);
        assert.equal((await volume(oldData)).status, 'available', 'the old volume is left, detached');
      });
      await t.test('REST-2 the boot volume swapped by rebuilding the server on it: same name, ports and addresses; new UUID and root volume', async () => {
        const before = await vmOf('vol');
        const name = (await server(before.serverId!)).name;
        const ports = await portsOf('vol');
        const [data, ext] = fromSnapshot as [string, string];
        leftByDesign.add(before.volumes.find((v) => v.name === 'root')!.volumeId!);
        const message = await update('vol', deployment('vol', rootVolume(ext) + dataVolume({ external: data })));
        const after = await vmOf('vol');
        assert.notEqual(after.serverId, before.serverId);
        assert.ok(message.includes(`Server [${before.serverId}] was rebuilt as [${after.serverId}]`), message);
        const rebuilt = await server(after.serverId!);
        assert.deepEqual([rebuilt.name, rebuilt.status], [name, 'ACTIVE']);
        assert.deepEqual(await portsOf('vol'), ports, 'same ports, same addresses');
        assert.deepEqual(rebuilt['os-extended-volumes:volumes_attached'].map((v) => v.id).sort(), [ext, data].sort());
      });
      await t.test('REST-2 one-step restore: a new boot volume from the volume snapshot, the server rebuilt on it, same ports', async () => {
        const before = await vmOf('vol');
        const ports = await portsOf('vol');
        await restore(volVm, volumeSnapshot.id);
        const after = await vmOf('vol');
        assert.notEqual(after.serverId, before.serverId);
        assert.equal((await server(after.serverId!)).status, 'ACTIVE');
        assert.deepEqual(await portsOf('vol'), ports, 'same ports, same addresses');
        const root = after.volumes.find((v) => v.bootIndex === 0)!;
        leftByDesign.add(root.volumeId!);
        assert.equal((await volume(root.volumeId!)).snapshot_id, bootVolumeSnapshot, 'made from the boot volume snapshot');
        assert.equal((await volume(root.volumeId!)).attachments[0]?.server_id, after.serverId);
      });
      await t.test('SNAP-9 SNAP-10 a snapshot deleted while its volumes are attached (Cinder deletes those through Nova): all gone, the volumes in use', async () => {
        const live = await snapshot(volVm, 'vol-live');
        const record = (await s.manager.store.getSnapshot(live.id))!;
        const { events } = await s.run('DELETE', `/snapshots/${live.id}`, 200);
        assert.deepEqual(events.map((e) => `${e.type} ${e.status}`), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS'], JSON.stringify(events.map((e) => e.message)));
        assert.equal((await admin.call('GET', `${glance()}/v2/images/${record.imageId}`)).status, 404);
        for (const v of record.volumeSnapshots) {
          assert.equal((await admin.call('GET', `${cinder()}/snapshots/${v.id}`)).status, 404, `volume snapshot ${v.id} deleted`);
          assert.equal((await volume(v.volumeId)).status, 'in-use');
        }
      });
    });
  });

  test('SNAP-9 SNAP-10 snapshot deletes remove every image and volume snapshot from the VIM', async () => {
    const all = await listed();
    assert.equal(all.length, 3);
    const record = (await s.manager.store.getSnapshot(volumeSnapshot.id))!;
    const images = await Promise.all(all.map(async (x) => (await s.manager.store.getSnapshot(x.id))!.imageId!));
    await Promise.all(
      all.map(async (x) => {
        const { events } = await s.run('DELETE', `/snapshots/${x.id}`, 200);
        assert.deepEqual(events.map((e) => `${e.type} ${e.status}`), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS'], JSON.stringify(events.map((e) => e.message)));
      }),
    );
    assert.deepEqual(await listed(), []);
    for (const id of images) assert.equal((await admin.call('GET', `${glance()}/v2/images/${id}`)).status, 404, `image ${id} deleted`);
    for (const v of record.volumeSnapshots) assert.equal((await admin.call('GET', `${cinder()}/snapshots/${v.id}`)).status, 404, `volume snapshot ${v.id} deleted`);
  });

  test('IMPL-3 undeploys, out-of-band volumes removed by hand, the tenant deleted: nothing of ours left on the cloud', async () => {
    for (const { done } of await Promise.all(['img', 'vol'].map((dep) => s.run('DELETE', `/deployments/${dep}`, 200))))
      assert.equal(done.headers['esc-status-code'], '200', done.body);
    for (const id of leftByDesign) assert.equal((await admin.call('DELETE', `${cinder()}/volumes/${id}`)).status, 202, `volume ${id}`);
    const res = await s.send('DELETE', `/tenants/${tenant}`);
    assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.text}`);
    if (res.txn) await completionOf(s.receiver, res.txn, 600_000);
    await eventually(async () => ((await s.projectOf(tenant)) === undefined ? true : undefined), 120_000, `project ${tenant} deleted`);
    const leftOver = () =>
      Promise.all([
        admin.call('GET', `${nova()}/servers/detail?all_tenants=1&project_id=${projectId}`),
        admin.call('GET', `${admin.endpoint('network')}/v2.0/ports?project_id=${projectId}`),
        admin.call('GET', `${cinder()}/volumes/detail?all_tenants=1&project_id=${projectId}`),
        admin.call('GET', `${cinder()}/snapshots/detail?all_tenants=1&project_id=${projectId}`),
        admin.call('GET', `${glance()}/v2/images?owner=${projectId}`),
      ]);
    const counts = (left: { body: unknown }[]) => left.map((r) => (Object.values(r.body as object).find(Array.isArray) as unknown[]).length);
    // Cinder deletes asynchronously: a volume removed by hand above may still be `deleting` a moment.
    let left = await leftOver();
    for (let tries = 0; tries < 60 && counts(left).some((n) => n > 0); tries++) {
      await new Promise((r) => setTimeout(r, 1000));
      left = await leftOver();
    }
    assert.deepEqual(counts(left), [0, 0, 0, 0, 0], JSON.stringify(left.map((r) => r.body)));
  });
}
