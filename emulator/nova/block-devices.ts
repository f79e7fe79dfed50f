/**
 * `block_device_mapping_v2` for server create: boot from a volume made from an image, snapshot or
 * nothing, or from an existing volume (spec §2.3, issue: boot from volume). Planning validates
 * everything first (400 as Nova says it); creating then makes or reserves the volumes and records
 * the mappings, the volumes reaching `in-use` when the server is built.
 */
import type { Cloud } from '../state/cloud.ts';
import type { BlockDeviceMapping, Server } from '../state/model.ts';
import { badRequest } from '../http/types.ts';
import { createVolume, setVolumeStatus } from '../cinder/volume-ops.ts';
import { uuid } from '../state/ids.ts';

interface BdmInput {
  boot_index?: number | string | null;
  uuid?: string;
  source_type?: string;
  destination_type?: string;
  volume_size?: number | string;
  delete_on_termination?: boolean;
  volume_type?: string;
}

export interface BdmPlan {
  source: 'image' | 'volume' | 'snapshot' | 'blank';
  uuid: string | undefined;
  bootIndex: number | null;
  size: number | undefined;
  deleteOnTermination: boolean;
  volumeType: string | undefined;
}

const invalid = (why: string) => badRequest(`Block Device Mapping is Invalid: ${why}`);

/** Volume-destination mappings; a local image mapping at boot index 0 just names the image. */
export function planBlockDevices(cloud: Cloud, raw: unknown): { plans: BdmPlan[]; localImage: string | undefined } {
  if (raw === undefined) return { plans: [], localImage: undefined };
  if (!Array.isArray(raw)) throw badRequest("Invalid input for field/attribute block_device_mapping_v2. Value: not a list");
  const plans: BdmPlan[] = [];
  let localImage: string | undefined;
  for (const item of raw as BdmInput[]) {
    const source = item.source_type ?? 'blank';
    const bootIndex = item.boot_index === undefined || item.boot_index === null || Number(item.boot_index) < 0 ? null : Number(item.boot_index);
    if (!['image', 'volume', 'snapshot', 'blank'].includes(source)) throw invalid(`source_type ${source} is not supported.`);
    if ((item.destination_type ?? 'volume') === 'local') {
      if (source === 'image' && bootIndex === 0) localImage = item.uuid;
      continue;
    }
    const size = item.volume_size === undefined ? undefined : Number(item.volume_size);
    if (source === 'volume') {
      const v = item.uuid ? cloud.state.volumes[item.uuid] : undefined;
      if (!v) throw invalid(`failed to get volume ${String(item.uuid)}.`);
      if (v.status !== 'available') throw invalid(`Volume ${v.id} status must be available, but current status is: ${v.status}`);
    } else if (source === 'image') {
      const image = item.uuid ? cloud.state.images[item.uuid] : undefined;
      if (!image) throw badRequest(`Image ${String(item.uuid)} could not be found.`);
      if (image.status !== 'active') throw badRequest(`Image ${image.id} is not active.`);
      if (size === undefined) throw invalid('Images with destination_type \'volume\' need to have a non-zero size specified');
    } else if (source === 'snapshot') {
      const snap = item.uuid ? cloud.state.snapshots[item.uuid] : undefined;
      if (!snap) throw invalid(`failed to get snapshot ${String(item.uuid)}.`);
    } else if (size === undefined) {
      throw invalid('You specified more local devices than the limit allows');
    }
    plans.push({ source: source as BdmPlan['source'], uuid: item.uuid, bootIndex, size, deleteOnTermination: item.delete_on_termination ?? false, volumeType: item.volume_type });
  }
  return { plans, localImage };
}

const deviceName = (i: number): string => `/dev/vd${String.fromCharCode(97 + i)}`;

/** Next free disk name; an image-booted server's local root disk holds /dev/vda. */
export function nextDevice(s: Server): string {
  const used = new Set(s.bdms.map((b) => b.device));
  if (s.imageId) used.add(deviceName(0));
  for (let i = 0; ; i++) if (!used.has(deviceName(i))) return deviceName(i);
}

export function createBlockDevices(cloud: Cloud, s: Server, plans: BdmPlan[]): void {
  const ordered = [...plans].sort((a, b) => (a.bootIndex ?? 99) - (b.bootIndex ?? 99));
  for (const plan of ordered) {
    const device = nextDevice(s);
    const attachmentId = uuid();
    let volumeId: string;
    if (plan.source === 'volume') {
      const v = cloud.state.volumes[plan.uuid ?? ''];
      if (!v) continue;
      setVolumeStatus(cloud, v, 'reserved');
      volumeId = v.id;
    } else {
      volumeId = createVolume(cloud, {
        projectId: s.projectId,
        userId: s.userId,
        name: '',
        size: plan.size,
        imageId: plan.source === 'image' ? (plan.uuid ?? null) : null,
        snapshotId: plan.source === 'snapshot' ? (plan.uuid ?? null) : null,
        volumeType: plan.volumeType ?? null,
        attachTo: { serverId: s.id, device, attachmentId },
      }).id;
    }
    const bdm: BlockDeviceMapping = { volumeId, bootIndex: plan.bootIndex, deleteOnTermination: plan.deleteOnTermination, device, attachmentId };
    s.bdms.push(bdm);
  }
}
