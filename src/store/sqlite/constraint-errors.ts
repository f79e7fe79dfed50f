/**
 * Turns SQLite constraint failures into the store's stable error codes, so callers (and the
 * PostgreSQL store later) branch on `DomainError.code`, never on driver text (house rule 5).
 */
import type { DomainError } from '../../domain/errors.ts';

/** SQLite extended result codes (https://sqlite.org/rescode.html). */
const sqliteCodes = {
  foreignKey: 787,
  primaryKey: 1555,
  unique: 2067,
} as const;

/** The catalogue error (`domain/errors.ts`) of each constraint, given the SQLite error as its cause. */
export interface ConstraintErrors {
  /** A unique key (primary or secondary) is already taken. */
  duplicate?: (cause: unknown) => DomainError;
  /** A referenced parent row does not exist. */
  missingParent?: (cause: unknown) => DomainError;
}

/** Runs `op`; a constraint failure named in `errors` becomes that DomainError with the SQLite error as cause. */
export function withConstraints<T>(op: () => T, errors: ConstraintErrors): T {
  try {
    return op();
  } catch (err) {
    const code = (err as { errcode?: unknown }).errcode;
    if (errors.duplicate && (code === sqliteCodes.unique || code === sqliteCodes.primaryKey)) throw errors.duplicate(err);
    if (errors.missingParent && code === sqliteCodes.foreignKey) throw errors.missingParent(err);
    throw err;
  }
}
