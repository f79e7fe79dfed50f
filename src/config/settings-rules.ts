/**
 * The rules of the settings (CONF-1..3), pure: which keys we know, what each key's value must look
 * like, which keys only a restart can change, which keys are secrets, and the one view every edge
 * shows (sorted, secrets masked). A value's kind comes from its default in `defaults.ts`: a numeric
 * default makes a numeric key, `true`/`false` a boolean one, anything else free text; so a key added
 * to the defaults table is validated without a line here.
 *
 * A refusal is returned as a `SettingProblem`, not thrown: this room imports nothing, so the edges
 * turn a problem into the error catalogue's entry (`domain/errors.ts`).
 */
import ipaddr from 'ipaddr.js';
import { defaults } from './defaults.ts';

export type SettingProblem =
  /** `replacedBy`: the key that took over from a retired one (`retiredKeys`). */
  | { reason: 'unknown'; key: string; replacedBy?: string }
  | { reason: 'restart'; key: string }
  | ValueProblem
  /** The properties file exists but cannot be read (permissions, a folder in its place). */
  | { reason: 'unreadable'; file: string; detail: string };

/** A value that does not fit its key; `file` names where it was read, when it came from a file. */
export interface ValueProblem {
  reason: 'value';
  key: string;
  value: string;
  expected: string;
  file?: string;
}

const maskedValue = '****';

/** A key the manager reads (it has a default); others are kept and shown, never read. */
export function isKnownKey(key: string): boolean {
  return Object.hasOwn(defaults, key);
}

/**
 * Keys the manager once read and what took over from each, so an operator who still sets one is
 * told where it went rather than only that it is unknown. `engine.vm.parallelism` bounded the VMs
 * one operation acted on at once; issue 14 bounds the requests in flight per VIM instead.
 */
const retiredKeys: Readonly<Record<string, string>> = { 'engine.vm.parallelism': 'vim.requests.inflight' };

/** The key that took over from `key`, when `key` is retired. */
export function replacementOf(key: string): string | undefined {
  return Object.hasOwn(retiredKeys, key) ? retiredKeys[key] : undefined;
}

/**
 * Keys read once, when the manager starts: a run-time change would reach nothing, so it is refused
 * as needing a restart. Each pattern names what reads it.
 */
const readAtStart: readonly RegExp[] = [
  /^server\./, // the HTTP listener
  /^data\.dir$/, // the store, and where application.properties is
  /^database\.url$/, // the store
  /^netconf\./, // the NETCONF listener
  /^rest\.tls\./, // the HTTP listener
  /^rest\.http\.enabled$/, // the HTTP listener
  /^rest\.(header\.timeout\.secs|body\.timeout\.secs|connections\.max)$/, // the listeners' sockets, made at start
  /^security\.allow\.insecure\.listen$/, // checked once, before listening
  /^emulator\./, // the embedded emulator
  /^ha\./, // the heartbeat and its lease, started with the store; the callback outbox's claims, made at start
  /^log\.level$/, // the logger, made at start
  /^rest\.body\.limit\.bytes$/, // the HTTP server, built at start
  /^rest\.auth\.(username|password)$/, // hashed into the credential store at start
  /^callback\./, // the callback outbox, made at start
  /^vim\.request\.timeout\.secs$/, // the VIM driver, made at start
  /^liveness\.mode$/, // the liveness check, chosen at start
  /^engine\.operation\.max\.resumes$/, // the resume of open operations, which happens at start
];

export function needsRestart(key: string): boolean {
  return readAtStart.some((pattern) => pattern.test(key));
}

export function isSecret(key: string): boolean {
  // A database URL may carry its password (postgres://user:password@host/db).
  return /\.(password|secret|token)$/.test(key) || key === 'database.url';
}

/**
 * Numeric keys where zero would stall or spin (no VM ever starts; a poll loop without pause; no
 * client is ever served), or destroy (a retention of 0 days deletes the whole event log, and with it every replay).
 */
const aboveZero = [/\.poll\.secs$/, /\.timeout\.mins$/, /\.timeout\.secs$/, /^vim\.requests\.inflight$/, /^events\.retention\.days$/, /^rest\.connections\.max$/, /^netconf\.sessions\.max$/, /^ha\.(heartbeat|lease)\.secs$/];

/** Text keys with a shape of their own: what the value must be, when it is not that. */
const textShapes: Readonly<Record<string, (value: string) => string | undefined>> = {
  'database.url': (value) => (value.trim() === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(value.trim()) ? undefined : 'empty (SQLite in data.dir) or a postgres:// URL'),
  'egress.allowed.networks': (value) =>
    value.split(',').every((cidr) => cidr.trim() === '' || ipaddr.isValidCIDR(cidr.trim())) ? undefined : 'a comma-separated list of CIDR networks (address/prefix)',
};

/** What a known key's value must be, when `value` is not that; undefined when it fits. */
export function valueProblem(key: string, value: string): string | undefined {
  const shape = textShapes[key];
  if (shape) return shape(value);
  const base: string = (defaults as Record<string, string>)[key] ?? '';
  if (base === 'true' || base === 'false') return /^(true|false)$/i.test(value.trim()) ? undefined : 'true or false';
  if (base.trim() === '' || !Number.isFinite(Number(base))) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (aboveZero.some((p) => p.test(key))) return Number.isFinite(n) && n > 0 ? undefined : 'a number above 0';
  return Number.isFinite(n) && n >= 0 ? undefined : 'a number, 0 or more';
}

/** The first bad value among known keys (unknown keys are kept as they are: CONF-1). */
export function firstValueProblem(values: Readonly<Record<string, string>>): ValueProblem | undefined {
  for (const [key, value] of Object.entries(values)) {
    if (!isKnownKey(key)) continue;
    const expected = valueProblem(key, value);
    if (expected !== undefined) return { reason: 'value', key, value, expected };
  }
  return undefined;
}

/** The first key of a run-time change that cannot be applied, in the change's order (CONF-3). */
export function firstChangeProblem(changes: Readonly<Record<string, string>>): SettingProblem | undefined {
  for (const [key, value] of Object.entries(changes)) {
    if (!isKnownKey(key)) {
      const replacedBy = replacementOf(key);
      return { reason: 'unknown', key, ...(replacedBy && { replacedBy }) };
    }
    if (needsRestart(key)) return { reason: 'restart', key };
    const expected = valueProblem(key, value);
    if (expected !== undefined) return { reason: 'value', key, value, expected };
  }
  return undefined;
}

/** Keys of `values` the manager does not read. */
export function unknownKeys(values: Readonly<Record<string, string>>): string[] {
  return Object.keys(values).filter((key) => !isKnownKey(key)).sort();
}

/** The settings as every edge shows them (CONF-2): sorted by key, secrets as `****`. */
export function settingsView(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).sort().map((key) => [key, isSecret(key) ? maskedValue : values[key]!]));
}
