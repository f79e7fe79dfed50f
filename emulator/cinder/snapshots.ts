/** Cinder snapshot routes (spec §4): create (force for in-use volumes), list, show, update, delete, metadata. */
import type { Route } from '../http/router.ts';
import type { Ctx } from '../http/service.ts';
import { badRequest, json, notFound, type EmuRequest } from '../http/types.ts';
import type { Snapshot } from '../state/model.ts';
import { checkProject, listPage } from './listing.ts';
import { snapshotView } from './view.ts';
import { createSnapshot, snapshot, startSnapshotDelete } from './volume-ops.ts';

const P = '/v3/:project/snapshots';

function mine(ctx: Ctx, req: EmuRequest): Snapshot {
  checkProject(ctx, req);
  const s = snapshot(ctx.cloud, req.params.id ?? '');
  if (s.projectId !== ctx.auth.projectId && !ctx.auth.isAdmin) throw notFound(`Snapshot ${s.id} could not be found.`);
  return s;
}

function list(ctx: Ctx, req: EmuRequest, detail: boolean) {
  const { page, links } = listPage(ctx, req, Object.values(ctx.cloud.state.snapshots), 'snapshots');
  const snapshots = page.map((s) => (detail ? snapshotView(s, ctx.mv) : { id: s.id, name: s.name, status: s.status, size: s.size, volume_id: s.volumeId, description: s.description, created_at: snapshotView(s, ctx.mv).created_at, metadata: s.metadata }));
  return json(200, { snapshots, ...(links && { snapshots_links: links }) });
}

function truthy(v: unknown): boolean {
  return v === true || String(v).toLowerCase() === 'true';
}

export const snapshotRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: P, action: 'snapshot.list', handler: (ctx, req) => list(ctx, req, false) },
  { method: 'GET', pattern: `${P}/detail`, action: 'snapshot.list', handler: (ctx, req) => list(ctx, req, true) },
  {
    method: 'POST',
    pattern: P,
    action: 'snapshot.create',
    handler: (ctx, req) => {
      checkProject(ctx, req);
      const body = (req.body as { snapshot?: Record<string, unknown> } | undefined)?.snapshot;
      if (!body || typeof body.volume_id !== 'string') throw badRequest("Invalid input for field/attribute snapshot. 'volume_id' is a required property");
      const vol = ctx.cloud.state.volumes[body.volume_id];
      if (!vol || (vol.projectId !== ctx.auth.projectId && !ctx.auth.isAdmin)) throw notFound(`Volume ${body.volume_id} could not be found.`);
      const s = createSnapshot(ctx.cloud, {
        volumeId: body.volume_id,
        projectId: ctx.auth.projectId,
        userId: ctx.auth.userId,
        name: (body.name as string | null | undefined) ?? null,
        description: (body.description as string | null | undefined) ?? null,
        metadata: (body.metadata as Record<string, string> | undefined) ?? {},
        force: truthy(body.force),
      });
      return json(202, { snapshot: snapshotView(s, ctx.mv) });
    },
  },
  { method: 'GET', pattern: `${P}/:id`, action: 'snapshot.get', handler: (ctx, req) => json(200, { snapshot: snapshotView(mine(ctx, req), ctx.mv) }) },
  {
    method: 'PUT',
    pattern: `${P}/:id`,
    action: 'snapshot.update',
    handler: (ctx, req) => {
      const s = mine(ctx, req);
      const body = (req.body as { snapshot?: { name?: string; description?: string } } | undefined)?.snapshot ?? {};
      if (body.name !== undefined) s.name = body.name;
      if (body.description !== undefined) s.description = body.description;
      s.updatedAt = ctx.cloud.clock.now();
      return json(200, { snapshot: snapshotView(s, ctx.mv) });
    },
  },
  {
    method: 'DELETE',
    pattern: `${P}/:id`,
    action: 'snapshot.delete',
    handler: (ctx, req) => {
      startSnapshotDelete(ctx.cloud, mine(ctx, req));
      return { status: 202 };
    },
  },
  { method: 'GET', pattern: `${P}/:id/metadata`, action: 'snapshot.metadata.get', handler: (ctx, req) => json(200, { metadata: mine(ctx, req).metadata }) },
  {
    method: 'POST',
    pattern: `${P}/:id/metadata`,
    action: 'snapshot.metadata.update',
    handler: (ctx, req) => {
      const s = mine(ctx, req);
      Object.assign(s.metadata, (req.body as { metadata?: Record<string, string> } | undefined)?.metadata ?? {});
      return json(200, { metadata: s.metadata });
    },
  },
];
