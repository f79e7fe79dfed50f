/**
 * Cinder volume and snapshot bodies (spec §4) at a microversion: the 3.0 shape, plus the fields
 * later microversions add (rows of data, as for Nova).
 */
import type { EmuRequest } from '../http/types.ts';
import type { Snapshot, Volume } from '../state/model.ts';
import { cinderTime } from '../state/time-format.ts';

export const VOLUME_TYPE_ID = 'a4c7a4b1-4c3e-4c53-9a3a-9d5b0d0e0001';

function links(req: EmuRequest, projectId: string, coll: string, id: string): unknown[] {
  return [
    { rel: 'self', href: `${req.baseUrl}/volume/v3/${projectId}/${coll}/${id}` },
    { rel: 'bookmark', href: `${req.baseUrl}/volume/${projectId}/${coll}/${id}` },
  ];
}

const VOLUME_ADDITIONS: { from: number; apply(view: Record<string, unknown>, v: Volume): void }[] = [
  { from: 13, apply: (view) => void (view.group_id = null) },
  { from: 48, apply: (view) => Object.assign(view, { shared_targets: false, service_uuid: 'c5b5b1c4-emulated-cinder-volume' }) },
  { from: 63, apply: (view) => void (view.volume_type_id = VOLUME_TYPE_ID) },
  { from: 65, apply: (view) => void (view.consumes_quota = true) },
];

export function volumeView(v: Volume, mv: number, req: EmuRequest): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: v.id,
    name: v.name,
    status: v.status,
    size: v.size,
    availability_zone: 'nova',
    created_at: cinderTime(v.createdAt),
    updated_at: cinderTime(v.updatedAt),
    description: v.description,
    volume_type: v.volumeType,
    snapshot_id: v.snapshotId,
    source_volid: v.sourceVolid,
    metadata: v.metadata,
    links: links(req, v.projectId, 'volumes', v.id),
    user_id: v.userId,
    bootable: String(v.bootable),
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: v.multiattach,
    // Cinder shows only attached attachments here; a reserved one is seen through /attachments.
    attachments: v.attachments.filter((a) => !a.reserved).map((a) => ({
      server_id: a.serverId,
      attachment_id: a.id,
      attached_at: cinderTime(a.attachedAt),
      host_name: null,
      volume_id: v.id,
      device: a.device,
      id: v.id,
    })),
    migration_status: null,
    'os-vol-tenant-attr:tenant_id': v.projectId,
    'os-vol-host-attr:host': v.status === 'creating' ? null : 'emulator@lvmdriver-1#lvmdriver-1',
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
  };
  if (v.imageMetadata) view.volume_image_metadata = v.imageMetadata;
  for (const add of VOLUME_ADDITIONS) if (mv >= add.from) add.apply(view, v);
  return view;
}

export function volumeSummary(v: Volume, req: EmuRequest): Record<string, unknown> {
  return { id: v.id, name: v.name, links: links(req, v.projectId, 'volumes', v.id) };
}

export function snapshotView(s: Snapshot, mv: number): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status: s.status,
    size: s.size,
    volume_id: s.volumeId,
    created_at: cinderTime(s.createdAt),
    updated_at: cinderTime(s.updatedAt),
    description: s.description,
    metadata: s.metadata,
    'os-extended-snapshot-attributes:project_id': s.projectId,
    'os-extended-snapshot-attributes:progress': s.status === 'creating' ? '0%' : '100%',
  };
  if (mv >= 14) view.group_snapshot_id = null;
  if (mv >= 41) view.user_id = s.userId;
  if (mv >= 65) view.consumes_quota = true;
  return view;
}
