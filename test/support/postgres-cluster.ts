/**
 * The set-up the PostgreSQL end-to-end tests share (issue 15: postgres-store, migrate, ha-*): a
 * fresh schema of the test file's database, a standalone emulator, a callback receiver and
 * managers (`vnfm serve` children, `Cluster`) on them, all disposed when the test ends — the
 * children's and the emulator's output printed when it did not pass — with the few ways the tests
 * look at it: SQL on the schema, and the completion callback of an accepted request.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { HttpReceiver, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import type { TestDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { Cluster, type ClusterOptions } from './cluster.ts';
import { eventually } from './manager.ts';
import { StandaloneEmulator } from './standalone-emulator.ts';

export interface PostgresClusterOptions extends Pick<ClusterOptions, 'settings' | 'env'> {
  /** Managers started at once (default 0: the test adds and starts its own, `Cluster.add`). */
  size?: number;
  /** The standalone emulator's options (e.g. `timeScale`). */
  emulator?: Parameters<typeof StandaloneEmulator.start>[0];
}

export interface PostgresCluster {
  /** The schema's `postgres://` URL, as the managers have it. */
  url: string;
  emulator: StandaloneEmulator;
  /** Where the tests' requests send their callbacks (`callback: receiver.url('/done')`). */
  receiver: HttpReceiver;
  cluster: Cluster;
  /** The rows of `text` on the schema. */
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  /** The callback at `/done` of the operation `txn` (`ESC-Transaction-Id`), once it arrives. */
  callbackOf(txn: string, timeoutMs?: number): Promise<ReceivedRequest>;
  /** Asserts `accepted` was accepted and its operation completed (callback status 200). */
  completed(accepted: Response, timeoutMs?: number): Promise<void>;
}

/** Whether `t` passed, in its `after` hooks (`TestContext.passed`: Node has it, this @types/node not yet). */
function passed(t: TestContext): boolean {
  return (t as TestContext & { readonly passed?: boolean }).passed === true;
}

/** Sets everything up in `db` for test `t`, which disposes of it at its end. */
export async function postgresCluster(t: TestContext, db: TestDatabase, o: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const url = await db.freshSchemaUrl();
  const emulator = await StandaloneEmulator.start(o.emulator);
  const receiver = await HttpReceiver.start();
  const sql = new pg.Client({ connectionString: url });
  let cluster: Cluster | undefined;
  t.after(async () => {
    await sql.end();
    await cluster?.dispose(passed(t));
    await emulator.dispose(passed(t));
    await receiver.close();
  });
  await sql.connect();
  cluster = await Cluster.start({ size: o.size ?? 0, databaseUrl: url, emulator, settings: o.settings, env: o.env });
  return {
    url,
    emulator,
    receiver,
    cluster,
    query: async <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await sql.query<T>(text, values)).rows,
    ...completions(receiver),
  };
}

/** How a test waits on the completion callbacks `receiver` gets at `/done` (also without a cluster). */
export function completions(receiver: HttpReceiver): Pick<PostgresCluster, 'callbackOf' | 'completed'> {
  const callbackOf = (txn: string, timeoutMs = 30_000) =>
    eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), timeoutMs, `completion of ${txn}`);
  return {
    callbackOf,
    async completed(accepted, timeoutMs) {
      assert.ok(accepted.ok, await accepted.clone().text());
      const done = await callbackOf(accepted.headers.get('esc-transaction-id') ?? '', timeoutMs);
      assert.equal(done.headers['esc-status-code'], '200', done.body);
    },
  };
}
