/**
 * Nova `createImage` (spec §2.5, issue: snapshots). The Glance image is registered (`queued`)
 * before the answer, so the SDK finds it in its first `GET /v2/images` (pitfall 8).
 * Image-booted server: task image_snapshot → image_uploading, image queued → saving → active with
 * a copy of the disk. Volume-booted server: as Nova, a Cinder snapshot of each volume is made and
 * the image (size 0, `block_device_mapping` property naming the snapshots) goes active once
 * they are available. As Nova, the image inherits the user properties of the image the server was
 * built from: its Glance image's, or, for a volume-booted server, the boot volume's
 * `volume_image_metadata` (Cinder's copy of them, with its `signature_verified`).
 */
import type { Ctx } from '../http/service.ts';
import { badRequest, json, type EmuReply, type EmuRequest } from '../http/types.ts';
import type { Server } from '../state/model.ts';
import { imageRecord } from '../glance/records.ts';
import { createSnapshot } from '../cinder/volume-ops.ts';
import { checkState } from './server-status.ts';
import { touch } from './server-lookup.ts';

export function createImage(ctx: Ctx, s: Server, arg: unknown, req: EmuRequest): EmuReply {
  checkState(s, 'createImage');
  const body = arg as { name?: unknown; metadata?: Record<string, string> } | null;
  if (!body || typeof body.name !== 'string' || body.name.trim() === '') {
    throw badRequest("Invalid input for field/attribute createImage. 'name' is a required property");
  }
  const { cloud } = ctx;
  const source = s.imageId ? cloud.state.images[s.imageId] : undefined;
  const user = cloud.state.users.find((u) => u.id === ctx.auth.userId);
  const project = cloud.state.projects.find((p) => p.id === s.projectId);
  const properties: Record<string, string> = {
    image_type: 'snapshot',
    instance_uuid: s.id,
    base_image_ref: s.imageId,
    owner_project_name: project?.name ?? '',
    owner_user_name: user?.name ?? '',
    user_id: ctx.auth.userId,
    boot_roles: ctx.auth.roles.join(','),
    ...inheritedProperties(ctx, s),
    ...body.metadata,
  };
  const image = imageRecord(
    {
      name: body.name,
      owner: s.projectId,
      diskFormat: source?.disk_format ?? 'qcow2',
      containerFormat: source?.container_format ?? 'bare',
      visibility: 'private',
      minRam: source?.min_ram ?? 0,
      minDisk: Math.max(source?.min_disk ?? 0, cloud.state.flavors.find((f) => f.id === s.flavorId)?.disk ?? 0),
      properties,
    },
    cloud.clock.now(),
  );
  cloud.state.images[image.id] = image;
  s.taskState = 'image_snapshot';
  touch(ctx, s);

  if (s.imageId) {
    cloud.scheduler.schedule('server.snapshot', s.id, 'serverSnapshot', { imageId: image.id, sourceImageId: s.imageId });
  } else {
    const mappings = s.bdms.map((b) => {
      const snap = createSnapshot(cloud, {
        volumeId: b.volumeId,
        projectId: s.projectId,
        userId: ctx.auth.userId,
        name: `snapshot for ${body.name as string}`,
        force: true,
        forImage: { imageId: image.id, serverId: s.id },
      });
      return { boot_index: b.bootIndex, snapshot_id: snap.id, source_type: 'snapshot', destination_type: 'volume', device_name: b.device, delete_on_termination: false, volume_size: snap.size, no_device: null };
    });
    Object.assign(image.properties, { block_device_mapping: JSON.stringify(mappings), bdm_v2: 'True', root_device_name: '/dev/vda' });
  }
  if (ctx.mv >= 45) return json(202, { image_id: image.id });
  return { status: 202, headers: { Location: `${req.baseUrl}/image/v2/images/${image.id}` } };
}

/** Glance's image attributes Cinder keeps in `volume_image_metadata` beside the properties (Nova's VIM_IMAGE_ATTRIBUTES). */
const volumeImageAttributes = new Set(['image_id', 'image_name', 'size', 'checksum', 'container_format', 'disk_format', 'min_ram', 'min_disk']);
/** Properties Nova never copies into a snapshot (an image signature is of the original's data). */
const nonInheritable = new Set(['img_signature', 'img_signature_hash_method', 'img_signature_key_type', 'img_signature_certificate_uuid']);

function inheritedProperties(ctx: Ctx, s: Server): Record<string, string> {
  const { state } = ctx.cloud;
  const boot = s.bdms.find((b) => b.bootIndex === 0);
  const from = s.imageId
    ? (state.images[s.imageId]?.properties ?? {})
    : Object.fromEntries(Object.entries((boot && state.volumes[boot.volumeId]?.imageMetadata) ?? {}).filter(([k]) => !volumeImageAttributes.has(k)));
  return Object.fromEntries(Object.entries(from).filter(([k]) => !nonInheritable.has(k)));
}
