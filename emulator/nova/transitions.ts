/**
 * Nova's timed transitions (spec §2.4): each applies only from the task state that started it,
 * and a `fail` fault sends the server to ERROR with a fault, as a failed compute task does.
 */
import type { Cloud } from '../state/cloud.ts';
import type { PendingTransition, Server } from '../state/model.ts';
import type { TransitionHandler, TransitionTable } from '../state/scheduler.ts';
import { guardedTransition } from '../state/transition.ts';
import { dropAttachment, completeAttach, startVolumeDelete, volumeDeletable } from '../cinder/volume-ops.ts';
import { guestBoots, guestDown } from '../guest/guest.ts';
import { unbindPort } from './port-binding.ts';
import { removePort } from '../neutron/port-ops.ts';
import { POWER, serverStatus } from './server-status.ts';
import { chooseHost, noValidHost, noValidHostDetails } from './placement.ts';
import { hostIdOf } from './server-view.ts';

function live(cloud: Cloud, id: string): Server | undefined {
  const s = cloud.state.servers[id];
  return s && s.deletedAt === null ? s : undefined;
}

function toError(cloud: Cloud, s: Server, message: string, details?: string): void {
  const now = cloud.clock.now();
  s.vmState = 'error';
  s.taskState = null;
  s.fault = { code: 500, message, created: now, ...(details && { details }) };
  s.updated = now;
  guestDown(s);
}

/** A transition started with task state `task`; a `fail` fault sends the server to ERROR whatever its task. */
function serverTransition(task: string[] | ((t: PendingTransition) => string[]), apply: (cloud: Cloud, s: Server, t: PendingTransition) => void, failMessage: string): TransitionHandler {
  return guardedTransition({
    find: live,
    describe: (s) => ({ resource: 'server', status: serverStatus(s), taskState: s.taskState, name: s.name }),
    expected: (s, t) => (Array.isArray(task) ? task : task(t)).includes(s.taskState ?? ''),
    apply(cloud, s, t) {
      apply(cloud, s, t);
      s.updated = cloud.clock.now();
    },
    fail: (cloud, s) => toError(cloud, s, failMessage),
    guardFail: false,
  });
}

function build(cloud: Cloud, s: Server): void {
  const host = chooseHost(cloud, s);
  if (!host) return toError(cloud, s, noValidHost, noValidHostDetails);
  const now = cloud.clock.now();
  s.host = host;
  s.vmState = 'active';
  s.taskState = null;
  s.powerState = POWER.RUNNING;
  s.launchedAt = now;
  s.hostId = hostIdOf(s);
  for (const portId of s.ports) {
    const port = cloud.state.neutron.ports[portId];
    if (port) Object.assign(port, { status: 'ACTIVE', 'binding:host_id': host, 'binding:vif_type': 'ovs' });
  }
  for (const bdm of s.bdms) {
    const v = cloud.state.volumes[bdm.volumeId];
    if (v && (v.status === 'creating' || v.status === 'reserved')) {
      completeAttach(cloud, v, { serverId: s.id, device: bdm.device, attachmentId: bdm.attachmentId });
      v.bootable = v.bootable || bdm.bootIndex === 0;
    }
  }
  guestBoots(s, now);
}

function destroy(cloud: Cloud, s: Server): void {
  const { state } = cloud;
  const now = cloud.clock.now();
  s.vmState = 'deleted';
  s.taskState = null;
  s.powerState = POWER.NOSTATE;
  s.deletedAt = now;
  guestDown(s);
  for (const portId of s.ports) {
    const port = state.neutron.ports[portId];
    if (!port) continue;
    if (s.ownedPorts.includes(portId)) removePort(cloud, portId);
    else unbindPort(port);
  }
  for (const fip of Object.values(state.neutron.floatingips)) {
    if (fip.port_id && !state.neutron.ports[String(fip.port_id)]) Object.assign(fip, { port_id: null, fixed_ip_address: null, status: 'DOWN' });
  }
  for (const bdm of s.bdms) {
    const v = state.volumes[bdm.volumeId];
    if (!v) continue;
    dropAttachment(cloud, v, s.id);
    if (bdm.deleteOnTermination && volumeDeletable(cloud, v)) startVolumeDelete(cloud, v);
  }
  for (const g of Object.values(state.serverGroups)) g.members = g.members.filter((m) => m !== s.id);
}

export const novaTransitions: TransitionTable = {
  'server.build': serverTransition(['scheduling'], build, 'No valid host was found. '),
  'server.power': serverTransition(
    (t) => [String(t.data.task)],
    (cloud, s, t) => {
      s.vmState = String(t.data.vm);
      s.powerState = Number(t.data.power);
      s.taskState = null;
      if (t.data.guest === 'boot') guestBoots(s, cloud.clock.now());
      if (t.data.guest === 'down') guestDown(s);
    },
    'Instance power action failed.',
  ),
  'server.reboot': serverTransition(
    ['rebooting', 'rebooting_hard'],
    (cloud, s) => {
      s.vmState = 'active';
      s.taskState = null;
      s.powerState = POWER.RUNNING;
      guestBoots(s, cloud.clock.now());
    },
    'Failed to reboot instance.',
  ),
  'server.delete': serverTransition(['deleting'], destroy, 'Failed to delete instance.'),
  'server.snapshot': serverTransition(
    ['image_snapshot'],
    (cloud, s, t) => {
      s.taskState = 'image_uploading';
      const image = cloud.state.images[String(t.data.imageId)];
      if (!image || image.status !== 'queued') return;
      image.status = 'saving';
      image.updated_at = cloud.clock.now();
      cloud.scheduler.schedule('image.save', image.id, 'imageSave', { serverId: s.id, sourceImageId: t.data.sourceImageId });
    },
    'Failed to snapshot instance.',
  ),
  'server.rebuild': serverTransition(
    ['rebuilding'],
    (cloud, s, t) => {
      s.vmState = String(t.data.vm);
      s.taskState = null;
      s.powerState = s.vmState === 'active' ? POWER.RUNNING : POWER.SHUTDOWN;
      if (s.vmState === 'active') guestBoots(s, cloud.clock.now());
    },
    'Failed to rebuild instance.',
  ),
  'server.resize': serverTransition(
    ['resize_prep'],
    (_cloud, s, t) => {
      s.previousVmState = s.vmState;
      s.previousFlavorId = s.flavorId;
      s.flavorId = String(t.data.flavorId);
      s.vmState = 'resized';
      s.taskState = null;
    },
    'Failed to resize instance.',
  ),
  'server.revertResize': serverTransition(
    ['resize_reverting'],
    (_cloud, s) => {
      s.flavorId = s.previousFlavorId ?? s.flavorId;
      s.vmState = s.previousVmState ?? 'active';
      s.previousVmState = null;
      s.previousFlavorId = null;
      s.taskState = null;
    },
    'Failed to revert resize.',
  ),
};
