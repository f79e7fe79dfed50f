import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openConnection } from './connection.ts';

test('IMPL-4 connection settings: WAL, synchronous NORMAL (the group commit fsyncs), foreign keys, busy timeout', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-conn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = openConnection(join(dir, 'x.db'));
  try {
    const pragma = (name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    assert.equal(pragma('journal_mode'), 'wal');
    assert.equal(pragma('synchronous'), 1);
    assert.equal(pragma('foreign_keys'), 1);
    assert.equal(pragma('busy_timeout'), 5000);
  } finally {
    db.close();
  }
});
