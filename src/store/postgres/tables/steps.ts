/** The step journal of each operation on PostgreSQL: written once per (operation, seq), read back in order. */
import { errors } from '../../../domain/errors.ts';
import type { StepRecord } from '../../../domain/operation.ts';
import { parse } from '../documents.ts';
import { withConstraints } from '../pg-errors.ts';
import type { PgSql } from '../statements.ts';

export async function list(sql: PgSql, operationId: string): Promise<StepRecord[]> {
  return (await sql.all('SELECT json FROM steps WHERE operation_id = ? ORDER BY seq', operationId)).map((r) => parse(r));
}

export async function record(sql: PgSql, step: StepRecord): Promise<void> {
  await withConstraints(
    () => sql.run('INSERT INTO steps (operation_id, seq, json) VALUES (?, ?, ?)', step.operationId, step.seq, JSON.stringify(step)),
    {
      duplicate: (cause) => errors.stepRecorded(step.operationId, step.seq, cause),
      missingParent: (cause) => errors.operationOfStepMissing(step.operationId, step.seq, cause),
    },
  );
}
