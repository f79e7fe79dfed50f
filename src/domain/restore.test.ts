import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployment as depFixture, operation as opFixture, snapshot as snapFixture, vm as vmFixture } from '../store/contract/fixtures.ts';
import type { Deployment, Vm } from './entities.ts';
import type { Operation } from './operation.ts';
import { planRestore, restoreNeeding } from './restore.ts';
import type { Snapshot } from './snapshot.ts';

const bootVolume = { name: 'vol', sizeunit: 'GiB', bus: 'virtio', bootable: true, bootIndex: 0 };
/** A deployment whose group g1 boots from an image, or from volume `vol` when `volumeBoot`. */
function world(o: { volumeBoot: boolean }): { deployment: Deployment; vm: Vm } {
  const deployment = depFixture('d1');
  deployment.spec.vmGroups[0]!.volumes = o.volumeBoot ? [bootVolume] : [];
  const vm = vmFixture('a', 'd1', { volumes: o.volumeBoot ? [{ name: 'vol', volumeId: 'vol-a', bootable: true, bootIndex: 0, owned: true }] : [] });
  return { deployment, vm };
}
const imageSnapshot = (more: Partial<Snapshot> = {}) => snapFixture('s1', { volumeSnapshots: [], ...more });

test('REST-1 an image snapshot sets the group image to the snapshot image id and rebuilds that VM', () => {
  const { deployment, vm } = world({ volumeBoot: false });
  const { spec, plan } = planRestore(deployment, vm, 1, imageSnapshot());
  assert.equal(spec.vmGroups[0]!.image, 'img-s1');
  assert.deepEqual(plan, { addVms: [], removeVms: [], changedGroups: ['g1'], swapVolumes: [], addNetworks: [], removeNetworks: [], restore: { kind: 'image', vmId: 'a', snapshotId: 's1' } });
  assert.equal(deployment.spec.vmGroups[0]!.image, 'img', 'the recorded spec is not changed in place');
});

test('REST-2 a volume snapshot restores the boot volume from the snapshot of the VM’s boot volume', () => {
  const { deployment, vm } = world({ volumeBoot: true });
  const snap = snapFixture('s1', { volumeSnapshots: [{ id: 'vs-data', volumeId: 'vol-x', name: 'x' }, { id: 'vs-boot', volumeId: 'vol-a', name: 'y' }] });
  const { spec, plan } = planRestore(deployment, vm, 1, snap);
  assert.equal(spec, deployment.spec);
  assert.deepEqual(plan.restore, { kind: 'volume', vmId: 'a', group: 'g1', bootVolume: 'vol', volumeSnapshotId: 'vs-boot', snapshotId: 's1' });
});

const refusals: { name: string; volumeBoot: boolean; vms?: number; vmState?: Vm['state']; snapshot: Snapshot; message: RegExp; code: string }[] = [
  { name: 'a VM in a transition (rebooting)', volumeBoot: false, vmState: 'VM_REBOOTING_STATE', snapshot: imageSnapshot(), message: /is in VM_REBOOTING_STATE/, code: 'CONFLICT' },
  { name: 'a VM being deployed', volumeBoot: false, vmState: 'VM_DEPLOYING_STATE', snapshot: imageSnapshot(), message: /is in VM_DEPLOYING_STATE/, code: 'CONFLICT' },
  { name: 'another tenant’s snapshot is unknown', volumeBoot: false, snapshot: imageSnapshot({ tenant: 'other' }), message: /Snapshot image \[s1\] not found/, code: 'NOT_FOUND' },
  { name: 'a snapshot still being made', volumeBoot: false, snapshot: imageSnapshot({ status: 'creating' }), message: /is creating, not available/, code: 'CONFLICT' },
  { name: 'a snapshot on another VIM', volumeBoot: false, snapshot: imageSnapshot({ vimConnector: 'vim2' }), message: /on VIM vim2/, code: 'CONFLICT' },
  { name: 'an image snapshot for a volume-booted VM', volumeBoot: true, snapshot: imageSnapshot(), message: /holds no volume snapshot/, code: 'CONFLICT' },
  { name: 'a volume snapshot for an image-booted VM', volumeBoot: false, snapshot: snapFixture('s1'), message: /boots from an image/, code: 'CONFLICT' },
  { name: 'a volume restore into a group of two VMs', volumeBoot: true, vms: 2, snapshot: snapFixture('s1'), message: /has 2 VMs/, code: 'CONFLICT' },
];

for (const r of refusals)
  test(`REST-1 refused: ${r.name}`, () => {
    const { deployment, vm } = world({ volumeBoot: r.volumeBoot });
    deployment.tenant = 't1';
    if (r.vmState) vm.state = r.vmState;
    assert.throws(() => planRestore(deployment, vm, r.vms ?? 1, r.snapshot), (err: Error & { code?: string }) => r.message.test(err.message) && err.code === r.code);
  });

for (const state of ['VM_ALIVE_STATE', 'VM_SHUTOFF_STATE', 'VM_ERROR_STATE'] as const)
  test(`REST-1 a VM in ${state} may be restored`, () => {
    const { deployment, vm } = world({ volumeBoot: false });
    deployment.tenant = 't1';
    vm.state = state;
    assert.equal(planRestore(deployment, vm, 1, imageSnapshot()).plan.restore?.kind, 'image');
  });

const plan = (restore?: object) => ({ addVms: [], removeVms: [], changedGroups: ['g1'], swapVolumes: [], addNetworks: [], removeNetworks: [], ...(restore && { restore }) });
const volumeRestore = (snapshotId: string) => ({ kind: 'volume', vmId: 'a', group: 'g1', bootVolume: 'vol', volumeSnapshotId: 'vs', snapshotId });
const needing: { name: string; op: Partial<Operation>; blocks: boolean }[] = [
  { name: 'a running image restore from it', op: { kind: 'update', input: plan({ kind: 'image', vmId: 'a', snapshotId: 's1' }) }, blocks: true },
  { name: 'a volume restore from it (running or queued)', op: { kind: 'update', input: plan(volumeRestore('s1')) }, blocks: true },
  { name: 'a restore from another snapshot', op: { kind: 'update', input: plan(volumeRestore('s2')) }, blocks: false },
  { name: 'a finished restore from it', op: { kind: 'update', status: 'COMPLETED', input: plan(volumeRestore('s1')) }, blocks: false },
  { name: 'a failed restore from it', op: { kind: 'update', status: 'FAILED', input: plan(volumeRestore('s1')) }, blocks: false },
  { name: 'an update that is no restore', op: { kind: 'update', input: plan() }, blocks: false },
  { name: 'another kind of operation', op: { kind: 'vm.snapshot', input: { snapshotId: 's1' } }, blocks: false },
];

for (const r of needing)
  test(`SNAP-9 REST-1 a snapshot's delete is ${r.blocks ? 'refused' : 'not held'} by ${r.name}`, () => {
    const op = opFixture('op1', r.op);
    assert.equal(restoreNeeding('s1', [opFixture('op0', { kind: 'deploy' }), op])?.id, r.blocks ? 'op1' : undefined);
  });
