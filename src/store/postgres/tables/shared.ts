/**
 * The state every manager on the database shares (issue 15 item 4, migration 4): the run-time
 * settings with their generation, and named documents (the credential document, the NETCONF host
 * key, the self-signed HTTPS pair). Each write is one statement that also announces itself on
 * `sharedChannel`; PostgreSQL delivers a notification when its transaction commits, so a manager
 * that hears one and reads finds the change.
 */
import type { MadeOnceName, RuntimeSettings, SharedTopic } from '../../../config/shared-state.ts';
import type { PgSql } from '../statements.ts';

export const sharedChannel = 'vnfm_shared';

/** A `pg_notify` call announcing `topic`, for a statement's select list. */
export function announce(topic: SharedTopic): string {
  return `pg_notify('${sharedChannel}', '${topic}')`;
}

/** The layer and its generation, in one statement: one snapshot. */
export async function readRuntime(sql: PgSql): Promise<RuntimeSettings> {
  const row = await sql.get(
    `SELECT generation, COALESCE((SELECT json_object_agg(key, value) FROM runtime_settings), '{}'::json) AS values FROM settings_generation`,
  );
  return { generation: Number(row?.generation ?? 0), values: (row?.values ?? {}) as Record<string, string> };
}

export async function changeRuntime(sql: PgSql, values: Readonly<Record<string, string>>): Promise<void> {
  await sql.run(
    `WITH put AS (INSERT INTO runtime_settings (key, value) SELECT key, value FROM json_each_text(?::json)
                  ON CONFLICT (key) DO UPDATE SET value = excluded.value)
     SELECT ${announce('settings')}`,
    JSON.stringify(values),
  );
}

/** `escadm vimmanager restart`: the layer emptied and the generation moved, so every node re-reads its file. */
export async function clearRuntime(sql: PgSql): Promise<void> {
  await sql.run(
    `WITH gone AS (DELETE FROM runtime_settings), moved AS (UPDATE settings_generation SET generation = generation + 1)
     SELECT ${announce('settings')}`,
  );
}

/** At the start of the first manager up: nobody runs, so the run-time layer is over. */
export async function dropRuntime(sql: PgSql): Promise<void> {
  await sql.run('DELETE FROM runtime_settings');
}

export type DocumentName = 'credentials' | MadeOnceName;

export async function readDocument(sql: PgSql, name: DocumentName): Promise<string | undefined> {
  const row = await sql.get('SELECT body FROM shared_documents WHERE name = ?', name);
  return row === undefined ? undefined : String(row.body);
}

/** Stores `body` unless `name` has one; answers the one stored. */
export async function createDocument(sql: PgSql, name: DocumentName, body: string): Promise<string> {
  await sql.run('INSERT INTO shared_documents (name, body) VALUES (?, ?) ON CONFLICT (name) DO NOTHING', name, body);
  return (await readDocument(sql, name)) ?? body;
}

export async function writeCredentials(sql: PgSql, body: string): Promise<void> {
  await sql.run(
    `WITH put AS (INSERT INTO shared_documents (name, body) VALUES ('credentials', ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body)
     SELECT ${announce('credentials')}`,
    body,
  );
}
