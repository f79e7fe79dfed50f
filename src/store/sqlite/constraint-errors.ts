/**
 * Turns SQLite constraint failures into the store's stable error codes, so callers (and the
 * PostgreSQL store later) branch on `DomainError.code`, never on driver text (house rule 5).
 */
import { DomainError } from '../../domain/errors.ts';

/** SQLite extended result codes (https://sqlite.org/rescode.html). */
const sqliteCodes = {
  foreignKey: 787,
  primaryKey: 1555,
  unique: 2067,
} as const;

export interface ConstraintMessages {
  /** A unique key (primary or secondary) is already taken. */
  duplicate?: string;
  /** A referenced parent row does not exist. */
  missingParent?: string;
}

/** Runs `op`; a constraint failure named in `messages` becomes a DomainError with the SQLite error as cause. */
export function withConstraints<T>(op: () => T, messages: ConstraintMessages): T {
  try {
    return op();
  } catch (err) {
    const code = (err as { errcode?: unknown }).errcode;
    if (messages.duplicate && (code === sqliteCodes.unique || code === sqliteCodes.primaryKey)) {
      throw new DomainError('ALREADY_EXISTS', messages.duplicate, { cause: err });
    }
    if (messages.missingParent && code === sqliteCodes.foreignKey) {
      throw new DomainError('NOT_FOUND', messages.missingParent, { cause: err });
    }
    throw err;
  }
}
