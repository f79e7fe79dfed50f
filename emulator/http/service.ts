/** What every route handler receives, and how a service plugs into the one HTTP server. */
import type { Cloud } from '../state/cloud.ts';
import type { Route } from './router.ts';
import type { EmuReply, EmuRequest, ServiceName } from './types.ts';

export interface AuthInfo {
  token: string;
  userId: string;
  projectId: string;
  roles: string[];
  isAdmin: boolean;
}

export interface Ctx {
  cloud: Cloud;
  service: ServiceName;
  /** The caller (an empty identity on routes that need no token). */
  auth: AuthInfo;
  /** Negotiated microversion minor number (compute 2.N, volume 3.N); 0 elsewhere. */
  mv: number;
}

export interface ServiceDef {
  name: ServiceName;
  /** Path prefix, e.g. `/compute` (devstack layout). */
  prefix: string;
  routes: Route<Ctx>[];
  /** Reads the microversion headers; throws ApiError 406 when out of range. */
  negotiate?(req: EmuRequest): { mv: number; headers: Record<string, string> };
}

/** What a service's route runs. */
export type Handler = Route<Ctx>['handler'];

export const anonymous: AuthInfo = { token: '', userId: '', projectId: '', roles: [], isAdmin: false };

/**
 * A handler on the resource its route's `:id` names: `find` resolves it, or throws the service's
 * 404 in its own words, before `act` runs.
 */
export function byId<R>(find: (ctx: Ctx, id: string) => R, act: (ctx: Ctx, r: R, req: EmuRequest) => EmuReply): Handler {
  return (ctx, req) => act(ctx, find(ctx, req.params.id ?? ''), req);
}
