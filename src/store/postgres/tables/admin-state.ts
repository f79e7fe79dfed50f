/**
 * Facts about the manager itself, one row per key; today the operation mode. A change is announced
 * on the shared-state channel at commit, so every manager on the database takes it up (issue 15 item 4).
 */
import { parseOpMode, type OpMode } from '../../../domain/op-mode.ts';
import type { PgSql } from '../statements.ts';
import { announce } from './shared.ts';

export async function getOpMode(sql: PgSql): Promise<OpMode> {
  const row = await sql.get("SELECT value FROM admin_state WHERE key = 'op_mode'");
  return parseOpMode(String(row?.value ?? '')) ?? 'OPERATION';
}

export async function putOpMode(sql: PgSql, mode: OpMode): Promise<void> {
  await sql.run(
    `WITH put AS (INSERT INTO admin_state (key, value) VALUES ('op_mode', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING 1)
     SELECT ${announce('op_mode')} FROM put`,
    mode,
  );
}
