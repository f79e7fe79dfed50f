/**
 * PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) as
 * the store's stable errors: constraint failures become the catalogue entries the SQLite store
 * gives (`../sqlite/constraint-errors.ts`), and the failures a transaction is re-run for are named
 * here once.
 */
import type { ConstraintErrors } from '../sqlite/constraint-errors.ts';

const sqlstate = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | undefined)?.code;

/** Awaits `op`; a constraint failure named in `errors` becomes that DomainError with the driver's error as cause. */
export async function withConstraints<T>(op: () => Promise<T>, errors: ConstraintErrors): Promise<T> {
  try {
    return await op();
  } catch (err) {
    const code = codeOf(err);
    if (errors.duplicate && code === sqlstate.uniqueViolation) throw errors.duplicate(err);
    if (errors.missingParent && code === sqlstate.foreignKeyViolation) throw errors.missingParent(err);
    throw err;
  }
}

/**
 * A SERIALIZABLE transaction that lost to a concurrent one (or a deadlock victim): PostgreSQL rolled
 * it back, and running it again from the start is the documented answer.
 */
export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return code === sqlstate.serializationFailure || code === sqlstate.deadlockDetected;
}
