/**
 * The `Store` contract as a reusable node:test suite: every implementation (SQLite now,
 * PostgreSQL later) runs the same cases through the interface alone, so they cannot drift.
 *
 *   storeContract('sqlite', () => openSqliteStore(freshPath()));
 *
 * `open` must return a fresh, empty store on each call; each case closes the store it opened.
 * `timeoutMs` bounds the whole suite (a server-backed store pays a schema per case).
 */
import { describe } from 'node:test';
import { adminCases } from './contract/admin.ts';
import { entityCases } from './contract/entities.ts';
import { eventCases } from './contract/events.ts';
import type { OpenStore } from './contract/fixtures.ts';
import { outboxCases } from './contract/outbox.ts';
import { snapshotCases } from './contract/snapshots.ts';
import { transactionCases } from './contract/transactions.ts';

export function storeContract(name: string, open: OpenStore, o: { timeoutMs?: number } = {}): void {
  describe(`Store contract: ${name}`, { timeout: o.timeoutMs ?? 20_000 }, () => {
    entityCases(open);
    eventCases(open);
    outboxCases(open);
    snapshotCases(open);
    transactionCases(open);
    adminCases(open);
  });
}
