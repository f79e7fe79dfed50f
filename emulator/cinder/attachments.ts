/**
 * Cinder's attachments API (microversion ≥ 3.27, Zed shapes) over the volumes' attachment
 * records, the same ones Nova's attach/detach writes (volume-ops.ts). Create without a connector
 * only reserves the volume (status `reserved`), which is what Nova leaves behind when it loses a
 * build with nova-compute down; delete frees the volume once no attachment is left. Cinder never
 * checks that the attachment's instance still exists, and neither does this.
 */
import type { Route } from '../http/router.ts';
import type { Ctx } from '../http/service.ts';
import { badRequest, json, notFound, type EmuRequest } from '../http/types.ts';
import type { Volume, VolumeAttachment } from '../state/model.ts';
import { uuid } from '../state/ids.ts';
import { checkProject } from './listing.ts';
import { setVolumeStatus, volume } from './volume-ops.ts';

const P = '/v3/:project/attachments';
const FIRST_MV = 27;

function gate(ctx: Ctx, req: EmuRequest): void {
  if (ctx.mv < FIRST_MV) throw notFound('The resource could not be found.');
  checkProject(ctx, req);
}

function visible(ctx: Ctx): Volume[] {
  return Object.values(ctx.cloud.state.volumes).filter((v) => v.projectId === ctx.auth.projectId || ctx.auth.isAdmin);
}

function view(v: Volume, a: VolumeAttachment): Record<string, unknown> {
  return { id: a.id, status: a.reserved ? 'reserved' : 'attached', instance: a.serverId, volume_id: v.id };
}

function find(ctx: Ctx, id: string): { v: Volume; a: VolumeAttachment } {
  for (const v of visible(ctx)) {
    const a = v.attachments.find((x) => x.id === id);
    if (a) return { v, a };
  }
  throw notFound(`VolumeAttachment ${id} could not be found.`);
}

export const attachmentApiRoutes: Route<Ctx>[] = [
  {
    method: 'GET',
    pattern: P,
    action: 'attachment.list',
    handler: (ctx, req) => {
      gate(ctx, req);
      const volumeId = req.query.get('volume_id');
      const vols = visible(ctx).filter((v) => volumeId === null || v.id === volumeId);
      return json(200, { attachments: vols.flatMap((v) => v.attachments.map((a) => view(v, a))) });
    },
  },
  {
    method: 'POST',
    pattern: P,
    action: 'attachment.create',
    handler: (ctx, req) => {
      gate(ctx, req);
      const body = (req.body as { attachment?: { volume_uuid?: string; instance_uuid?: string } } | undefined)?.attachment;
      if (!body?.volume_uuid) throw badRequest('Invalid input received: Must specify volume_uuid.');
      const v = volume(ctx.cloud, body.volume_uuid);
      if (!visible(ctx).includes(v)) throw notFound(`Volume ${v.id} could not be found.`);
      if (v.status !== 'available' && !(v.multiattach && v.status === 'in-use')) {
        throw badRequest(`Invalid volume: Volume ${v.id} status must be available or in-use, but current status is: ${v.status}.`);
      }
      const a: VolumeAttachment = { id: uuid(), serverId: body.instance_uuid ?? '', device: '', attachedAt: ctx.cloud.clock.now(), reserved: true };
      v.attachments.push(a);
      setVolumeStatus(ctx.cloud, v, v.attachments.length > 1 ? v.status : 'reserved');
      return json(200, { attachment: view(v, a) });
    },
  },
  {
    method: 'DELETE',
    pattern: `${P}/:id`,
    action: 'attachment.delete',
    handler: (ctx, req) => {
      gate(ctx, req);
      const { v, a } = find(ctx, req.params.id ?? '');
      v.attachments = v.attachments.filter((x) => x !== a);
      const attached = v.attachments.some((x) => !x.reserved);
      setVolumeStatus(ctx.cloud, v, attached ? 'in-use' : v.attachments.length > 0 ? 'reserved' : 'available');
      return json(200, {});
    },
  },
];
