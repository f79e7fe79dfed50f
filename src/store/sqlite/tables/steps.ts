/**
 * The step journal of each operation: written once per (operation, seq), read back in order when
 * a restart resumes the operation (architecture principle 2, IMPL-4).
 */
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
      duplicate: `step ${step.seq} of operation ${step.operationId} is already recorded: a step is written once`,
      missingParent: `operation ${step.operationId} of step ${step.seq} does not exist`,
    },
  );
}
