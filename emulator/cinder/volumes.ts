/** Cinder volume routes (spec §4): create (empty, from image, snapshot or volume), list, show, update, delete, metadata, actions. */
import type { Route } from '../http/router.ts';
import type { Ctx } from '../http/service.ts';
import { badRequest, json, notFound, type EmuRequest } from '../http/types.ts';
import type { Volume } from '../state/model.ts';
import { checkProject, listPage } from './listing.ts';
import { volumeSummary, volumeView } from './view.ts';
import { completeAttach, createVolume, setVolumeStatus, startDetach, startVolumeDelete, volume } from './volume-ops.ts';
import { uuid } from '../state/ids.ts';

const P = '/v3/:project/volumes';

function mine(ctx: Ctx, req: EmuRequest): Volume {
  checkProject(ctx, req);
  const v = volume(ctx.cloud, req.params.id ?? '');
  if (v.projectId !== ctx.auth.projectId && !ctx.auth.isAdmin) throw notFound(`Volume ${v.id} could not be found.`);
  return v;
}

function list(ctx: Ctx, req: EmuRequest, detail: boolean) {
  const { page, links } = listPage(ctx, req, Object.values(ctx.cloud.state.volumes), 'volumes');
  return json(200, { volumes: page.map((v) => (detail ? volumeView(v, ctx.mv, req) : volumeSummary(v, req))), ...(links && { volumes_links: links }) });
}

function create(ctx: Ctx, req: EmuRequest) {
  checkProject(ctx, req);
  const body = (req.body as { volume?: Record<string, unknown> } | undefined)?.volume;
  if (!body) throw badRequest('Missing required element \'volume\' in request body.');
  const type = body.volume_type;
  if (type !== undefined && type !== null && type !== '__DEFAULT__') throw notFound(`Volume type with name ${String(type)} could not be found.`);
  const v = createVolume(ctx.cloud, {
    projectId: ctx.auth.projectId,
    userId: ctx.auth.userId,
    name: (body.name as string | null | undefined) ?? null,
    description: (body.description as string | null | undefined) ?? null,
    ...(body.size !== undefined && body.size !== null && { size: Number(body.size) }),
    imageId: (body.imageRef as string | null | undefined) ?? null,
    snapshotId: (body.snapshot_id as string | null | undefined) ?? null,
    sourceVolid: (body.source_volid as string | null | undefined) ?? null,
    metadata: (body.metadata as Record<string, string> | undefined) ?? {},
    multiattach: body.multiattach === true,
  });
  return json(202, { volume: volumeView(v, ctx.mv, req) });
}

/** A volume action; returns its status when Cinder does not answer the usual 202 (os-set_bootable: 200). */
type VolumeAction = (ctx: Ctx, v: Volume, arg: Record<string, unknown>) => number | void;

const ACTIONS: Record<string, VolumeAction> = {
  'os-extend': (ctx, v, arg) => {
    const size = Number(arg.new_size);
    if (v.status !== 'available') throw badRequest(`Invalid volume: Volume ${v.id} status must be available to extend, but current status is: ${v.status}.`);
    if (!(size > v.size)) throw badRequest(`Invalid input received: New size for extend must be greater than current size. (current: ${v.size}, extended: ${size}).`);
    setVolumeStatus(ctx.cloud, v, 'extending');
    ctx.cloud.scheduler.schedule('volume.extend', v.id, 'volumeExtend', { size });
  },
  'os-reset_status': (ctx, v, arg) => setVolumeStatus(ctx.cloud, v, String(arg.status ?? v.status)),
  'os-set_bootable': (ctx, v, arg) => {
    v.bootable = String(arg.bootable).toLowerCase() === 'true';
    setVolumeStatus(ctx.cloud, v, v.status);
    return 200;
  },
  'os-attach': (ctx, v, arg) => {
    if (v.status !== 'available') throw badRequest(`Invalid volume: Volume status must be available to reserve, but the status is ${v.status}.`);
    completeAttach(ctx.cloud, v, { serverId: String(arg.instance_uuid ?? ''), device: String(arg.mountpoint ?? '/dev/vdb'), attachmentId: uuid() });
  },
  'os-detach': (ctx, v) => {
    const a = v.attachments[0];
    if (!a) throw badRequest(`Invalid volume: Volume ${v.id} is not attached.`);
    startDetach(ctx.cloud, v, a.serverId);
  },
};

export const volumeRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: P, action: 'volume.list', handler: (ctx, req) => list(ctx, req, false) },
  { method: 'GET', pattern: `${P}/detail`, action: 'volume.list', handler: (ctx, req) => list(ctx, req, true) },
  { method: 'POST', pattern: P, action: 'volume.create', handler: create },
  { method: 'GET', pattern: `${P}/:id`, action: 'volume.get', handler: (ctx, req) => json(200, { volume: volumeView(mine(ctx, req), ctx.mv, req) }) },
  {
    method: 'PUT',
    pattern: `${P}/:id`,
    action: 'volume.update',
    handler: (ctx, req) => {
      const v = mine(ctx, req);
      const body = (req.body as { volume?: { name?: string; description?: string; metadata?: Record<string, string> } } | undefined)?.volume ?? {};
      if (body.name !== undefined) v.name = body.name;
      if (body.description !== undefined) v.description = body.description;
      if (body.metadata !== undefined) v.metadata = { ...body.metadata };
      setVolumeStatus(ctx.cloud, v, v.status);
      return json(200, { volume: volumeView(v, ctx.mv, req) });
    },
  },
  {
    method: 'DELETE',
    pattern: `${P}/:id`,
    action: 'volume.delete',
    handler: (ctx, req) => {
      startVolumeDelete(ctx.cloud, mine(ctx, req), { cascade: req.query.get('cascade') === 'true' });
      return { status: 202 };
    },
  },
  {
    method: 'POST',
    pattern: `${P}/:id/action`,
    action: (req) => `volume.action.${Object.keys((req.body as object | undefined) ?? {})[0] ?? 'none'}`,
    handler: (ctx, req) => {
      const v = mine(ctx, req);
      const [key, arg] = Object.entries((req.body as Record<string, unknown> | undefined) ?? {})[0] ?? [];
      const action = key === undefined ? undefined : ACTIONS[key];
      if (!action) throw badRequest(`There is no such action: ${String(key)}`);
      return { status: action(ctx, v, (arg ?? {}) as Record<string, unknown>) ?? 202 };
    },
  },
  { method: 'GET', pattern: `${P}/:id/metadata`, action: 'volume.metadata.get', handler: (ctx, req) => json(200, { metadata: mine(ctx, req).metadata }) },
  {
    method: 'POST',
    pattern: `${P}/:id/metadata`,
    action: 'volume.metadata.update',
    handler: (ctx, req) => {
      const v = mine(ctx, req);
      Object.assign(v.metadata, (req.body as { metadata?: Record<string, string> } | undefined)?.metadata ?? {});
      setVolumeStatus(ctx.cloud, v, v.status);
      return json(200, { metadata: v.metadata });
    },
  },
  {
    method: 'PUT',
    pattern: `${P}/:id/metadata`,
    action: 'volume.metadata.replace',
    handler: (ctx, req) => {
      const v = mine(ctx, req);
      v.metadata = { ...(req.body as { metadata?: Record<string, string> } | undefined)?.metadata };
      setVolumeStatus(ctx.cloud, v, v.status);
      return json(200, { metadata: v.metadata });
    },
  },
];
