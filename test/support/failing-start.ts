/**
 * A process whose manager start fails late: its REST port is held by another socket, so
 * `startManager` fails only after the store, the event watch, the claim loop, the monitor and the
 * outbox run (`failed-start.test.ts`). Then it returns, and exits only if nothing of the manager
 * is left running. It prints one JSON line: the start's error and, with `database.url`, this
 * database's connections opened since before the start (none may be left). After a few seconds
 * still alive it prints to stderr what keeps it so, for the test that waits for its exit.
 *
 * argv[2]: the manager's settings, as JSON (`data.dir` and any `database.url` among them).
 */
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { startManager } from '../../src/app/manager.ts';
import { messageOf } from '../../src/domain/errors.ts';

const settings = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const url = settings['database.url'];

const holder = createServer();
holder.listen(0, '127.0.0.1');
await once(holder, 'listening');
const { port } = holder.address() as AddressInfo;

const before = url ? await connections(url, []) : [];
const error = await startManager({ logger: false, settings: { ...settings, 'server.host': '127.0.0.1', 'server.port': String(port) } }).then(
  async (manager) => (await manager.close(), 'started'),
  (err: unknown) => messageOf(err),
);
holder.close();
const left = url ? await settled(url, before.map((c) => c.pid)) : [];
console.log(JSON.stringify({ error, left }));
setTimeout(() => console.error(`still running: ${JSON.stringify(process.getActiveResourcesInfo())}`), 5_000).unref();

interface Connection {
  pid: number;
  application_name: string;
  state: string | null;
  query: string;
}

/** The database's connections but this one's and those in `known` (`pg_stat_activity` of `current_database()`). */
async function connections(databaseUrl: string, known: number[]): Promise<Connection[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Connection>(
      `SELECT pid, application_name, state, query FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND NOT (pid = ANY($1::int[]))`,
      [known],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** The connections left once closed ones are gone: a backend ends shortly after its client hangs up. */
async function settled(databaseUrl: string, known: number[]): Promise<Connection[]> {
  for (let tries = 0; ; tries++) {
    const left = await connections(databaseUrl, known);
    if (left.length === 0 || tries === 50) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
