/**
 * The callback retry policy as data (house rule 6): exponential from `initialBackoffMs`, doubling
 * per failed attempt up to `maxBackoffMs`, with "equal jitter" (half fixed, half spread) so many
 * callbacks failing together do not retry together. The spread is derived from the message id and
 * attempt number, not `Math.random`, so a test can state exactly when the next try is due.
 */
import { createHash } from 'node:crypto';

export interface RetryPolicy {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Measured from the message's `createdAt`; past it a failed message is abandoned. */
  giveUpAfterMs: number;
}

/** Delay before the next try after `failedAttempts` (≥ 1) failures; within [base/2, base]. */
export function backoffDelay(policy: RetryPolicy, failedAttempts: number, messageId: string): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** exponent);
  return Math.round(base / 2 + (base / 2) * unitFraction(`${messageId}#${failedAttempts}`));
}

export function shouldGiveUp(policy: RetryPolicy, createdAt: string, now: number): boolean {
  return now - Date.parse(createdAt) >= policy.giveUpAfterMs;
}

function unitFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}
