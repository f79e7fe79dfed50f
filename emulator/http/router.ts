/**
 * A tiny path router: patterns like `/servers/:id/action`, exact segment count, first match wins.
 * Every route carries an `action` name (`server.create`, `volume.list`, ...) that latency settings and
 * fault rules refer to, so tests name an OpenStack call without knowing its URL.
 */
import type { EmuReply, EmuRequest } from './types.ts';

export interface Route<C> {
  method: string;
  pattern: string;
  /** Name for latency and fault rules; a function when the body decides (server actions). */
  action: string | ((req: EmuRequest) => string);
  /** Default true: the route needs a valid X-Auth-Token. */
  auth?: boolean;
  handler: (ctx: C, req: EmuRequest) => EmuReply | Promise<EmuReply>;
}

export interface Match<C> {
  route: Route<C>;
  params: Record<string, string>;
}

export function actionName<C>(route: Route<C>, req: EmuRequest): string {
  return typeof route.action === 'string' ? route.action : route.action(req);
}

/** Each route's pattern split once, not once per request and route tried. */
const patterns = new WeakMap<Route<unknown>, string[]>();

function patternOf<C>(route: Route<C>): string[] {
  let segs = patterns.get(route as Route<unknown>);
  if (!segs) patterns.set(route as Route<unknown>, (segs = split(route.pattern)));
  return segs;
}

export function matchRoute<C>(routes: readonly Route<C>[], method: string, path: string): Match<C> | undefined {
  const segs = split(path);
  const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
  for (const m of wanted) {
    for (const route of routes) {
      if (route.method !== m) continue;
      const params = matchSegments(patternOf(route), segs);
      if (params) return { route, params };
    }
  }
  return undefined;
}

/** True when some route serves the path under another method (405 instead of 404). */
export function pathKnown<C>(routes: readonly Route<C>[], path: string): boolean {
  const segs = split(path);
  return routes.some((r) => matchSegments(patternOf(r), segs) !== undefined);
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], segs: string[]): Record<string, string> | undefined {
  if (pattern.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segs[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(s);
    else if (p !== s) return undefined;
  }
  return params;
}
