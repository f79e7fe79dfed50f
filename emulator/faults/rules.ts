/**
 * Fault injection, so tests can drive every failure path of the driver and the engine.
 *
 * Request rules (`status`, `lostResponse`) match a request by method, path regex, service or route
 * action: `status` answers with that error (in the service's own shape) without doing anything;
 * `lostResponse` does the action, persists it, then drops the connection — the client cannot know
 * it happened (the "in doubt" case of style rule 7).
 * Transition rules ignore `match`: `stuck` holds a resource's next timed transition while it is in
 * the given status (or task state) until the rules are changed; `fail` sends it to its error state
 * instead (server ERROR, image killed, volume/snapshot error).
 * `rate` (0..1, default 1) draws from a seeded generator so a run is reproducible; `count` limits
 * how many times a rule applies.
 */
import type { ServiceName } from '../http/types.ts';

export type ResourceKind = 'server' | 'image' | 'volume' | 'snapshot';

export interface FaultMatch {
  method?: string;
  pathRegex?: string;
  service?: ServiceName;
  action?: string;
}

export interface TransitionMatch {
  resource: ResourceKind;
  /** Status or task state the resource is in when the transition is due (any when absent, `fail` only). */
  status?: string;
  /** Regex on the resource name. */
  name?: string;
}

export interface FaultRule {
  match?: FaultMatch;
  rate?: number;
  count?: number;
  status?: number;
  message?: string;
  lostResponse?: boolean;
  stuck?: TransitionMatch & { status: string };
  fail?: TransitionMatch;
}

export interface FaultConfig {
  rules: FaultRule[];
  seed?: number;
}

export interface RequestInfo {
  method: string;
  path: string;
  service: ServiceName;
  action: string;
}

export interface ResourceInfo {
  resource: ResourceKind;
  status: string;
  taskState?: string | null;
  name: string;
}

export class Faults {
  #rules: FaultRule[] = [];
  #random: () => number = Math.random;
  #listeners: (() => void)[] = [];

  constructor(config?: FaultConfig) {
    if (config) this.set(config);
  }

  set(config: FaultConfig): void {
    for (const rule of config.rules) validateRule(rule);
    this.#rules = config.rules.map((r) => structuredClone(r));
    this.#random = mulberry32(config.seed ?? Math.floor(Math.random() * 2 ** 31));
    for (const listener of this.#listeners) listener();
  }

  get(): FaultConfig {
    return { rules: structuredClone(this.#rules) };
  }

  /** Called after every rules change (held transitions re-check). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  forRequest(info: RequestInfo): FaultRule | undefined {
    return this.#fire((r) => (r.status !== undefined || r.lostResponse === true) && requestMatches(r.match, info));
  }

  stuck(info: ResourceInfo): boolean {
    return this.#fire((r) => r.stuck !== undefined && resourceMatches(r.stuck, info)) !== undefined;
  }

  fails(info: ResourceInfo): boolean {
    return this.#fire((r) => r.fail !== undefined && resourceMatches(r.fail, info)) !== undefined;
  }

  #fire(applies: (r: FaultRule) => boolean): FaultRule | undefined {
    for (const rule of this.#rules) {
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (!applies(rule)) continue;
      if (this.#random() >= (rule.rate ?? 1)) continue;
      if (rule.count !== undefined) rule.count -= 1;
      return rule;
    }
    return undefined;
  }
}

function validateRule(rule: FaultRule): void {
  const kinds = [rule.status !== undefined, rule.lostResponse === true, rule.stuck !== undefined, rule.fail !== undefined];
  if (kinds.filter(Boolean).length !== 1) {
    throw new Error('a fault rule needs exactly one of status, lostResponse, stuck, fail');
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error('fault rate must be in 0..1');
  if (rule.status !== undefined && !(rule.status >= 400 && rule.status <= 599)) throw new Error('fault status must be 4xx/5xx');
  if (rule.match?.pathRegex !== undefined) new RegExp(rule.match.pathRegex);
}

function requestMatches(match: FaultMatch | undefined, info: RequestInfo): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== info.method) return false;
  if (match.service && match.service !== info.service) return false;
  if (match.action && match.action !== info.action) return false;
  if (match.pathRegex && !new RegExp(match.pathRegex).test(info.path)) return false;
  return true;
}

function resourceMatches(match: TransitionMatch, info: ResourceInfo): boolean {
  if (match.resource !== info.resource) return false;
  if (match.name && !new RegExp(match.name).test(info.name)) return false;
  if (match.status === undefined) return true;
  const want = match.status.toLowerCase();
  return want === info.status.toLowerCase() || want === (info.taskState ?? '').toLowerCase();
}

/** Small seeded PRNG (public domain mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
