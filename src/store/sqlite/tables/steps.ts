/**
 * The step journal of each operation: written once per (operation, seq), read back in order when
 * a restart resumes the operation (architecture principle 2, IMPL-4).
 */
import { errors } from '../../../domain/errors.ts';
import type { StepRecord } from '../../../domain/operation.ts';
import { withConstraints } from '../constraint-errors.ts';
import { parse } from '../documents.ts';
import type { Sql } from '../statements.ts';

export function list(sql: Sql, operationId: string): StepRecord[] {
  return sql.all('SELECT json FROM steps WHERE operation_id = ? ORDER BY seq', operationId).map((r) => parse(r));
}

export function record(sql: Sql, step: StepRecord): void {
  withConstraints(
    () => sql.run('INSERT INTO steps (operation_id, seq, json) VALUES (?, ?, ?)', step.operationId, step.seq, JSON.stringify(step)),
    {
      duplicate: (cause) => errors.stepRecorded(step.operationId, step.seq, cause),
      missingParent: (cause) => errors.operationOfStepMissing(step.operationId, step.seq, cause),
    },
  );
}
