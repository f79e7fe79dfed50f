/**
 * Cinder's timed transitions (spec §4): creating → available (or in-use for a boot volume),
 * attaching → in-use, detaching → available, deleting → gone, extending → available;
 * snapshots creating → available, deleting → gone. A `fail` fault gives the matching error
 * status. A snapshot made for a volume-booted server's createImage finishes that image.
 */
import type { Cloud } from '../state/cloud.ts';
import type { PendingTransition, Snapshot, Volume } from '../state/model.ts';
import type { TransitionHandler, TransitionTable } from '../state/scheduler.ts';
import { guardedTransition } from '../state/transition.ts';
import { endServerTask } from '../glance/transitions.ts';
import { setImageData } from '../glance/records.ts';
import { completeAttach, setVolumeStatus } from './volume-ops.ts';

type Attach = { serverId: string; device: string; attachmentId: string };
type Step<R> = (cloud: Cloud, r: R, t: PendingTransition) => void;

/** Volumes and snapshots: the transition applies, and a `fail` fault hits, only from status `from`. */
function statusTransition<R extends Volume | Snapshot>(resource: 'volume' | 'snapshot', records: (cloud: Cloud) => Record<string, R>, from: string, apply: Step<R>, fail: Step<R>): TransitionHandler {
  return guardedTransition({
    find: (cloud, id) => records(cloud)[id],
    describe: (r) => ({ resource, status: r.status, name: r.name ?? '' }),
    expected: (r) => r.status === from,
    apply,
    fail,
    guardFail: true,
  });
}

function volumeTransition(from: string, apply: Step<Volume>, fail: string | Step<Volume>): TransitionHandler {
  return statusTransition('volume', (cloud) => cloud.state.volumes, from, apply, typeof fail === 'string' ? (cloud, v) => setVolumeStatus(cloud, v, fail) : fail);
}

function snapshotTransition(from: string, apply: Step<Snapshot>, failStatus: string): TransitionHandler {
  return statusTransition('snapshot', (cloud) => cloud.state.snapshots, from, apply, (cloud, s, t) => {
    s.status = failStatus;
    s.updatedAt = cloud.clock.now();
    finishImage(cloud, t, false);
  });
}

/** createImage of a volume-booted server: the image goes active (size 0) when every snapshot is ready. */
function finishImage(cloud: Cloud, t: PendingTransition, ok: boolean): void {
  const forImage = t.data.forImage as { imageId: string; serverId: string } | undefined;
  if (!forImage) return;
  const image = cloud.state.images[forImage.imageId];
  if (image && image.status === 'queued') {
    const snaps = Object.values(cloud.state.snapshots).filter((s) => image.properties.block_device_mapping?.includes(s.id));
    if (!ok) {
      image.status = 'killed';
      image.updated_at = cloud.clock.now();
    } else if (snaps.every((s) => s.status === 'available')) {
      setImageData(image, Buffer.alloc(0), cloud.clock.now());
    } else {
      return;
    }
  }
  endServerTask(cloud, forImage.serverId);
}

export const cinderTransitions: TransitionTable = {
  'volume.create': volumeTransition(
    'creating',
    (cloud, v, t) => {
      const attach = t.data.attachTo as Attach | undefined;
      if (v.imageId) v.bootable = true;
      if (attach && cloud.state.servers[attach.serverId]?.deletedAt === null) completeAttach(cloud, v, attach);
      else setVolumeStatus(cloud, v, 'available');
    },
    'error',
  ),
  'volume.attach': volumeTransition('attaching', (cloud, v, t) => completeAttach(cloud, v, t.data.attach as Attach), (cloud, v, t) => {
    const attach = t.data.attach as Attach;
    const s = cloud.state.servers[attach.serverId];
    if (s) s.bdms = s.bdms.filter((b) => b.volumeId !== v.id);
    setVolumeStatus(cloud, v, 'available');
  }),
  'volume.detach': volumeTransition(
    'detaching',
    (cloud, v, t) => {
      const serverId = String(t.data.serverId);
      const s = cloud.state.servers[serverId];
      if (s) s.bdms = s.bdms.filter((b) => b.volumeId !== v.id);
      v.attachments = v.attachments.filter((a) => a.serverId !== serverId);
      setVolumeStatus(cloud, v, v.attachments.length > 0 ? 'in-use' : 'available');
    },
    'in-use',
  ),
  'volume.delete': volumeTransition('deleting', (cloud, v) => void delete cloud.state.volumes[v.id], 'error_deleting'),
  'volume.extend': volumeTransition(
    'extending',
    (cloud, v, t) => {
      v.size = Number(t.data.size);
      setVolumeStatus(cloud, v, 'available');
    },
    'error_extending',
  ),
  'snapshot.create': snapshotTransition(
    'creating',
    (cloud, s, t) => {
      s.status = 'available';
      s.updatedAt = cloud.clock.now();
      finishImage(cloud, t, true);
    },
    'error',
  ),
  'snapshot.delete': snapshotTransition('deleting', (cloud, s) => void delete cloud.state.snapshots[s.id], 'error_deleting'),
};
