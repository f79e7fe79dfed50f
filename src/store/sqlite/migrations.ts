/**
 * The schema, as an ordered list of migrations. `migrate` runs at every open inside one
 * transaction: it applies the versions not yet in `schema_migrations` and records them, so a
 * reopen applies nothing and a failed migration leaves the database as it was (IMPL-4).
 * A database newer than this code is refused rather than guessed at.
 *
 * Append new migrations; never edit an applied one. Tables keep queryable fields as columns and
 * the whole entity as JSON (see `documents.ts`).
 */
import type { DatabaseSync } from 'node:sqlite';
import { errors } from '../../domain/errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE tenants (
        seq INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE deployments (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        tenant TEXT NOT NULL,
        state TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deployments_tenant ON deployments (tenant);

      CREATE TABLE vms (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        vm_group TEXT NOT NULL,
        vm_index INTEGER NOT NULL,
        name TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX vms_deployment ON vms (deployment_id);
      CREATE INDEX vms_deployment_group ON vms (deployment_id, vm_group);

      CREATE TABLE operations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        tenant TEXT NOT NULL,
        deployment_id TEXT,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX operations_status ON operations (status);
      CREATE INDEX operations_deployment ON operations (deployment_id);

      CREATE TABLE steps (
        operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (operation_id, seq)
      ) STRICT;

      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        time TEXT NOT NULL,
        type TEXT NOT NULL,
        operation_id TEXT,
        tenant TEXT,
        deployment_id TEXT,
        deployment_name TEXT,
        vm_source_name TEXT,
        vm_target_name TEXT,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_operation ON events (operation_id);
      CREATE INDEX events_tenant ON events (tenant);
      CREATE INDEX events_deployment_id ON events (deployment_id);
      CREATE INDEX events_deployment_name ON events (deployment_name);
      CREATE INDEX events_vm_source ON events (vm_source_name);
      CREATE INDEX events_vm_target ON events (vm_target_name);

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        operation_id TEXT,
        event_seq INTEGER,
        url TEXT NOT NULL,
        headers TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        last_error TEXT,
        abandoned_at TEXT
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (delivered_at, abandoned_at, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: 'snapshots',
    // SNAP-8: listed by tenant and by VM, fast at 10,000 snapshots; found by name (SNAP-4). No
    // foreign key: a snapshot outlives its VM and deployment (SNAP-9).
    sql: `
      CREATE TABLE snapshots (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        tenant TEXT NOT NULL,
        vm_name TEXT NOT NULL,
        status TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX snapshots_tenant ON snapshots (tenant);
      CREATE INDEX snapshots_vm_name ON snapshots (vm_name);
      CREATE INDEX snapshots_name ON snapshots (name);
    `,
  },
  {
    version: 3,
    name: 'event replay by time',
    // The NETCONF replay reads events by time, without the REST-only ones (RFC 5277, REST-5), and
    // retention deletes by time; rows written before this marked REST-only events in their JSON only.
    sql: `
      ALTER TABLE events ADD COLUMN rest_only INTEGER NOT NULL DEFAULT 0;
      UPDATE events SET rest_only = 1 WHERE json_extract(json, '$.restOnly') = 1;
      CREATE INDEX events_time ON events (time);
    `,
  },
  {
    version: 4,
    name: 'admin state',
    // Facts about the manager itself, not about VNFs (the operation mode of `escadm op_mode`):
    // kept across restarts, and left as they are by a restore of the database.
    sql: `
      CREATE TABLE admin_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'snapshot xml file',
    // vmBackupAction's optional XML document (SNAP-5 [I]), kept out of the JSON so the snapshot
    // list does not carry documents it never shows; NULL when none was sent.
    sql: `
      ALTER TABLE snapshots ADD COLUMN xml_file TEXT;
    `,
  },
  {
    version: 6,
    name: 'outbox order key',
    // Issue 14: callbacks to one URL keep their order per deployment (or tenant), not across all
    // of them, so one receiver of many deployments is served in parallel; rows written before
    // have none and keep the URL-wide order.
    sql: `
      ALTER TABLE outbox ADD COLUMN order_key TEXT;
    `,
  },
  {
    version: 7,
    name: 'cheaper event indexes',
    // Issue 14: every event insert updated nine B-trees. No REST or NETCONF read, nor retention,
    // filters events by operation or deployment id (REST names the deployment; only tests use those
    // filters, on a few rows), and their random keys cost the most: those two go. The name indexes
    // leave out NULLs, which no query asks for (a target VM is rare, a tenant event names no
    // deployment); `col = ?` implies `col IS NOT NULL`, so SQLite still uses them for it.
    sql: `
      DROP INDEX events_operation;
      DROP INDEX events_deployment_id;
      DROP INDEX events_deployment_name;
      DROP INDEX events_vm_source;
      DROP INDEX events_vm_target;
      CREATE INDEX events_deployment_name ON events (deployment_name) WHERE deployment_name IS NOT NULL;
      CREATE INDEX events_vm_source ON events (vm_source_name) WHERE vm_source_name IS NOT NULL;
      CREATE INDEX events_vm_target ON events (vm_target_name) WHERE vm_target_name IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'outbox scan of the pending messages',
    // Issue 14: the outbox's scan reads the pending messages in enqueue order; with only
    // outbox_due it sorted all of them for every page (a dead receiver's backlog of 2,000 cost 240
    // ms a wake). outbox_pending holds the pending ones alone, covering the scan's columns (with
    // the two its WHERE names, NULL in every entry: SQLite then reads no row); a message leaves it
    // when delivered or abandoned. outbox_order finds whether an older message of
    // an order is pending (the head test of a claim), as on PostgreSQL. outbox_due served only the
    // due query the scan replaced.
    sql: `
      DROP INDEX outbox_due;
      CREATE INDEX outbox_pending ON outbox (seq, id, url, order_key, next_attempt_at, delivered_at, abandoned_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
      CREATE INDEX outbox_order ON outbox (url, order_key, seq) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
    `,
  },
];

/** Applies the pending migrations of `list` in one transaction; returns the schema version. */
export function migrate(db: DatabaseSync, list: readonly Migration[] = migrations): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
    const current = Number(db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get()?.v);
    const newest = list.at(-1)?.version ?? 0;
    if (current > newest) {
      throw errors.schemaTooNew(current, newest);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
    for (const migration of list.filter((m) => m.version > current)) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name);
    }
    db.exec('COMMIT');
    return newest;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
