/**
 * The backup part of the emulator contract's call sequence (IMPL-4; SNAP-1, SNAP-9, SNAP-12,
 * REST-4), the calls the snapshot workflows make: Nova createImage of an image-booted server (the
 * image shown, listed by name and tag, deleted), then of a server booted from a volume (its image's
 * `block_device_mapping` naming the Cinder snapshot Nova made, that snapshot shown and listed), a
 * volume made from that snapshot, and the snapshot's delete. Everything it makes is recorded in
 * `made` as soon as it exists, for `cleanUpBackup`.
 */

export interface Reply {
  status: number;
  body: any;
}

export interface Caller {
  /** Sends a call; with a `name` its answer is recorded under that name. */
  call(name: string | undefined, method: string, url: string, opts?: { body?: unknown; headers?: Record<string, string>; label?: string }): Promise<Reply>;
  /** Waits until `get` yields `want`. */
  settle(what: string, get: () => Promise<string | undefined>, want: string): Promise<void>;
  /** Waits until `url` answers 404. */
  gone(url: string, headers?: Record<string, string>): Promise<void>;
}

export interface Endpoints {
  nova: string;
  glance: string;
  cinder: string;
}

export interface BackupMade {
  servers: string[];
  images: string[];
  snapshots: string[];
  volumes: string[];
}

const compute = { 'x-openstack-nova-api-version': '2.1' };
/** The driver's createImage microversion (src/vim/openstack/nova/servers/requests.ts). */
const createImageVersion = { 'x-openstack-nova-api-version': '2.45' };
const volume = { 'openstack-api-version': 'volume 3.0' };
const tagKey = 'vnfm_tag';

export async function backupCalls(
  c: Caller,
  e: Endpoints,
  o: { name: string; serverId: string; imageId: string; flavorId: string; networkId: string },
  made: BackupMade,
): Promise<void> {
  const imageStatus = (id: string) => async () => (await c.call(undefined, 'GET', `${e.glance}/v2/images/${id}`)).body?.status as string | undefined;
  const volumeStatus = (id: string) => async () => (await c.call(undefined, 'GET', `${e.cinder}/volumes/${id}`, { headers: volume })).body?.volume?.status as string | undefined;
  const createImage = (call: string, server: string, name: string, booted: string) =>
    c.call(call, 'POST', `${e.nova}/servers/${server}/action`, {
      headers: createImageVersion,
      body: { createImage: { name, metadata: { [tagKey]: name } } },
      label: `POST /servers/{id}/action createImage (2.45, ${booted})`,
    });

  // --- The image-booted server's snapshot image: shown, listed by name and by tag, deleted.
  const imageName = `${o.name}-image`;
  const image = (await createImage('server-create-image', o.serverId, imageName, 'booted from an image')).body.image_id as string;
  made.images.push(image);
  await c.settle('snapshot image', imageStatus(image), 'active');
  await c.call('snapshot-image-show', 'GET', `${e.glance}/v2/images/${image}`, { label: 'GET /v2/images/{id} (a server snapshot)' });
  await c.call('snapshot-images-by-name-and-tag', 'GET', `${e.glance}/v2/images?name=${imageName}&${tagKey}=${imageName}`, { label: 'GET /v2/images?name=&vnfm_tag=' });
  await c.call('image-delete', 'DELETE', `${e.glance}/v2/images/${image}`, { label: 'DELETE /v2/images/{id}' });
  await c.gone(`${e.glance}/v2/images/${image}`);

  // --- A server booted from a volume made from the image.
  const boot = await c.call('volume-create-from-image', 'POST', `${e.cinder}/volumes`, {
    headers: volume, body: { volume: { size: 1, name: `${o.name}-boot`, imageRef: o.imageId } }, label: 'POST /volumes (from an image)',
  });
  made.volumes.push(boot.body.volume.id);
  await c.settle('boot volume', volumeStatus(boot.body.volume.id), 'available');
  const server = await c.call('server-create-from-volume', 'POST', `${e.nova}/servers`, {
    headers: compute,
    body: {
      server: {
        name: `${o.name}-vb`, flavorRef: o.flavorId, networks: [{ uuid: o.networkId }],
        block_device_mapping_v2: [{ boot_index: 0, uuid: boot.body.volume.id, source_type: 'volume', destination_type: 'volume', delete_on_termination: false }],
      },
    },
    label: 'POST /servers (booted from a volume)',
  });
  const serverId = server.body.server.id as string;
  made.servers.push(serverId);
  await c.settle('volume-backed server', async () => (await c.call(undefined, 'GET', `${e.nova}/servers/${serverId}`, { headers: compute })).body.server?.status, 'ACTIVE');

  // --- Its createImage: an image naming the Cinder snapshot Nova made of the volume.
  const vbName = `${o.name}-vb-image`;
  const vbImage = (await createImage('server-create-image-volume-backed', serverId, vbName, 'booted from a volume')).body.image_id as string;
  made.images.push(vbImage);
  await c.settle('volume-backed snapshot image', imageStatus(vbImage), 'active');
  const shown = await c.call('volume-backed-image-show', 'GET', `${e.glance}/v2/images/${vbImage}`, { label: 'GET /v2/images/{id} (snapshot of a volume-booted server)' });
  const snapshot = (JSON.parse(shown.body.block_device_mapping) as { snapshot_id: string }[])[0]!.snapshot_id;
  made.snapshots.push(snapshot);
  await c.settle('volume snapshot', async () => (await c.call(undefined, 'GET', `${e.cinder}/snapshots/${snapshot}`, { headers: volume })).body.snapshot?.status, 'available');
  await c.call('image-snapshot-show', 'GET', `${e.cinder}/snapshots/${snapshot}`, { headers: volume, label: 'GET /snapshots/{id} (made by createImage)' });
  await c.call('image-snapshots-by-name', 'GET', `${e.cinder}/snapshots/detail?name=${encodeURIComponent(`snapshot for ${vbName}`)}`, { headers: volume, label: 'GET /snapshots/detail?name=snapshot for …' });

  // --- A volume from the snapshot (REST-4).
  const restored = await c.call('volume-create-from-snapshot', 'POST', `${e.cinder}/volumes`, {
    headers: volume, body: { volume: { name: `${o.name}-restored`, snapshot_id: snapshot, metadata: { [tagKey]: o.name } } }, label: 'POST /volumes (from a snapshot)',
  });
  made.volumes.push(restored.body.volume.id);
  await c.settle('volume from snapshot', volumeStatus(restored.body.volume.id), 'available');
  await c.call('volume-from-snapshot-show', 'GET', `${e.cinder}/volumes/${restored.body.volume.id}`, { headers: volume, label: 'GET /volumes/{id} (made from a snapshot)' });

  // --- The snapshot deleted, once its volume is detached (the server gone first).
  await c.call(undefined, 'DELETE', `${e.nova}/servers/${serverId}`, { headers: compute });
  await c.gone(`${e.nova}/servers/${serverId}`, compute);
  await c.settle('boot volume detached', volumeStatus(boot.body.volume.id), 'available');
  await c.call('snapshot-delete', 'DELETE', `${e.cinder}/snapshots/${snapshot}`, { headers: volume, label: 'DELETE /snapshots/{id}' });
  await c.gone(`${e.cinder}/snapshots/${snapshot}`, volume);
}

/** Removes what `backupCalls` made, whatever happened: servers, images, snapshots, then volumes. */
export async function cleanUpBackup(c: Caller, e: Endpoints, made: BackupMade): Promise<void> {
  for (const id of made.servers) await c.call(undefined, 'DELETE', `${e.nova}/servers/${id}`, { headers: compute });
  for (const id of made.images) await c.call(undefined, 'DELETE', `${e.glance}/v2/images/${id}`);
  for (const id of made.servers) await c.gone(`${e.nova}/servers/${id}`, compute);
  for (const id of made.snapshots) await c.call(undefined, 'DELETE', `${e.cinder}/snapshots/${id}`, { headers: volume });
  for (const id of made.snapshots) await c.gone(`${e.cinder}/snapshots/${id}`, volume);
  for (const id of made.volumes) await c.call(undefined, 'DELETE', `${e.cinder}/volumes/${id}`, { headers: volume });
  for (const id of made.volumes) await c.gone(`${e.cinder}/volumes/${id}`, volume);
}
