/** Finding a server the caller may see (own project, or any for admin); deleted ones are 404. */
import type { Ctx } from '../http/service.ts';
import { ApiError, notFound } from '../http/types.ts';
import type { Server } from '../state/model.ts';

export function server(ctx: Ctx, id: string): Server {
  const s = ctx.cloud.state.servers[id];
  if (!s || s.deletedAt !== null || (!ctx.auth.isAdmin && s.projectId !== ctx.auth.projectId)) {
    throw notFound(`Instance ${id} could not be found.`);
  }
  return s;
}

/** Nova refuses actions on a locked server to non-admins (409). */
export function checkUnlocked(ctx: Ctx, s: Server): void {
  if (s.locked && !ctx.auth.isAdmin) throw new ApiError(409, `Instance ${s.id} is locked`);
}

export function touch(ctx: Ctx, s: Server): void {
  s.updated = ctx.cloud.clock.now();
}
