/**
 * Cinder list semantics shared by volumes and snapshots: project scoping (`all_tenants=1` for
 * admins), `name`/`status`/`metadata` filters (metadata as JSON or Python dict text, as
 * cinderclient sends it), newest first, `limit`/`marker` with `<coll>_links` only when more exist.
 */
import type { Ctx } from '../http/service.ts';
import { ApiError, badRequest, type EmuRequest } from '../http/types.ts';
import { pageFrom, startAfter } from '../http/paging.ts';

interface Listable {
  id: string;
  name: string | null;
  status: string;
  projectId: string;
  createdAt: number;
  metadata: Record<string, string>;
}

function parseMetadata(text: string): Record<string, string> {
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    try {
      return JSON.parse(text.replaceAll("'", '"')) as Record<string, string>;
    } catch {
      throw badRequest(`Invalid filter metadata: ${text}`);
    }
  }
}

/** Checks the project id in the URL against the token (Cinder URLs carry it). */
export function checkProject(ctx: Ctx, req: EmuRequest): void {
  if (req.params.project !== ctx.auth.projectId && !ctx.auth.isAdmin) {
    throw new ApiError(400, 'Malformed request url');
  }
}

export function listPage<T extends Listable>(ctx: Ctx, req: EmuRequest, items: T[], coll: string): { page: T[]; links?: unknown[] } {
  checkProject(ctx, req);
  const q = req.query;
  const allTenants = ctx.auth.isAdmin && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  const name = q.get('name');
  const status = q.get('status');
  const metadata = q.get('metadata');
  const meta = metadata === null ? undefined : parseMetadata(metadata);
  const all = items
    .filter((x) => allTenants || x.projectId === ctx.auth.projectId)
    .filter((x) => name === null || x.name === name)
    .filter((x) => status === null || x.status === status)
    .filter((x) => !meta || Object.entries(meta).every(([k, v]) => x.metadata[k] === v))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  const start = startAfter(all, q.get('marker'), (marker) => badRequest(`Invalid input received: marker [${marker}] not found`));
  const limit = Number(q.get('limit') ?? 1000);
  const { page, next } = pageFrom(all, start, limit);
  if (next === undefined) return { page };
  const query = new URLSearchParams(q);
  query.set('limit', String(limit));
  query.set('marker', next);
  return { page, links: [{ rel: 'next', href: `${req.baseUrl}/volume${req.path}?${query.toString()}` }] };
}
