import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { migrate, migrations, type Migration } from './migrations.ts';

const versions = (db: DatabaseSync) =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version);
const tableExists = (db: DatabaseSync, name: string) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

test('migration versions run 1, 2, 3… without gaps', () => {
  assert.deepEqual(
    migrations.map((m) => m.version),
    migrations.map((_, i) => i + 1),
  );
});

test('IMPL-4 migrate is idempotent: a second run applies nothing and keeps data', () => {
  const db = new DatabaseSync(':memory:');
  assert.equal(migrate(db), migrations.length);
  db.prepare("INSERT INTO tenants (name, json) VALUES ('t1', '{}')").run();
  assert.equal(migrate(db), migrations.length);
  assert.deepEqual(versions(db), migrations.map((m) => m.version));
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM tenants').get()?.n, 1);
  db.close();
});

test('a failing migration leaves the database as it was', () => {
  const db = new DatabaseSync(':memory:');
  migrate(db);
  const broken: Migration = {
    version: migrations.length + 1,
    name: 'broken',
    sql: 'CREATE TABLE half_done (x TEXT); INSERT INTO no_such_table VALUES (1);',
  };
  assert.throws(() => migrate(db, [...migrations, broken]), /no_such_table/);
  assert.equal(tableExists(db, 'half_done'), false);
  assert.deepEqual(versions(db), migrations.map((m) => m.version));
  assert.equal(db.isTransaction, false);
  db.close();
});

test('a database newer than this code is refused, unchanged', () => {
  const db = new DatabaseSync(':memory:');
  const future: Migration = { version: migrations.length + 1, name: 'future', sql: 'CREATE TABLE future (x TEXT);' };
  migrate(db, [...migrations, future]);
  assert.throws(() => migrate(db), (e) => isDomainError(e, 'INTERNAL') && /newer/.test(e.message));
  assert.deepEqual(versions(db), [...migrations, future].map((m) => m.version));
  db.close();
});
