/**
 * @module The VIM retry policy as data (style §6, house rule 4; architecture principle 4).
 *
 * What may be retried follows the failure kind (`../errors.ts`): `not-done` (connection refused,
 * 429, 503) means the VIM did not act, so any request may be replayed; `in-doubt` (timeout, reset
 * after sending, other 5xx) means it may have acted, so only idempotent requests (GET, PUT, DELETE
 * and server/volume actions marked idempotent) are replayed. A creating POST in doubt is never
 * replayed blind: the caller looks it up by tag.
 */
import type { VimErrorKind } from '../errors.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly backoffFactor: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is capped to it. */
  readonly maxRetryAfterMs: number;
}

export const vimRetryPolicy: RetryPolicy = {
  maxRetries: 5,
  initialDelayMs: 500,
  backoffFactor: 2,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Whether a failure of this kind may be replayed, given whether the request is idempotent. */
export function mayRetry(kind: VimErrorKind, idempotent: boolean): boolean {
  if (kind === 'not-done') return true;
  if (kind === 'in-doubt') return idempotent;
  return false;
}

/** Delay before retry number `retry` (0-based), honouring a server's `Retry-After` when given. */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  return Math.min(policy.initialDelayMs * policy.backoffFactor ** retry, policy.maxDelayMs);
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Failure kind of an HTTP status that is not one the call accepts (errors.ts). */
export function kindOfStatus(status: number): VimErrorKind {
  if (status === 429 || status === 503) return 'not-done';
  if (status >= 500 || status === 408) return 'in-doubt';
  return 'final';
}
