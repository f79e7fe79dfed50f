/** Facts about the manager itself, one row per key (migration 3); today the operation mode. */
import { parseOpMode, type OpMode } from '../../../domain/op-mode.ts';
import type { Sql } from '../statements.ts';

export function getOpMode(sql: Sql): OpMode {
  const row = sql.get("SELECT value FROM admin_state WHERE key = 'op_mode'");
  return parseOpMode(String(row?.value ?? '')) ?? 'OPERATION';
}

export function putOpMode(sql: Sql, mode: OpMode): void {
  sql.run("INSERT INTO admin_state (key, value) VALUES ('op_mode', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", mode);
}
