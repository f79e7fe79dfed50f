/**
 * Glance's timed transition: a snapshot image `saving` → `active` with its data (a copy of the
 * server's source disk), or `killed` when a `fail` fault hits; either way the server's
 * image task ends.
 */
import type { Cloud } from '../state/cloud.ts';
import type { TransitionTable } from '../state/scheduler.ts';
import { guardedTransition } from '../state/transition.ts';
import { fakeDiskBytes, setImageData } from './records.ts';

export function endServerTask(cloud: Cloud, serverId: unknown): void {
  const s = cloud.state.servers[String(serverId)];
  if (s && s.taskState?.startsWith('image_')) {
    s.taskState = null;
    s.updated = cloud.clock.now();
  }
}

export const glanceTransitions: TransitionTable = {
  'image.save': guardedTransition({
    find: (cloud, id) => cloud.state.images[id],
    describe: (image) => ({ resource: 'image', status: image.status, name: image.name ?? '' }),
    expected: (image) => image.status === 'saving',
    apply(cloud, image, t) {
      const data = cloud.blobs.get(String(t.data.sourceImageId)) ?? fakeDiskBytes(image.name ?? image.id);
      cloud.blobs.put(image.id, data);
      setImageData(image, data, cloud.clock.now());
    },
    fail(cloud, image) {
      image.status = 'killed';
      image.updated_at = cloud.clock.now();
    },
    guardFail: false,
    settle: (cloud, t) => endServerTask(cloud, t.data.serverId),
  }),
};
