/**
 * A throw-away PostgreSQL database for one test file (issue 15): `vnfm_test_<random>` on the server
 * of `VNFM_TEST_POSTGRES_URL` (default: postgres@127.0.0.1:5432, trust auth), dropped at the end.
 * Each store a test opens gets a fresh schema in it, so the contract's "fresh, empty store per
 * call" costs a CREATE SCHEMA, not a CREATE DATABASE.
 *
 * Without a reachable server the tests skip with a message saying why; under CI (`CI` set) a
 * missing server is a failure, not a skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const serverUrl = process.env.VNFM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** The database's URL, default schema `public`. */
  url: string;
  /** The URL of a new, empty schema of the database. */
  freshSchemaUrl(): Promise<string>;
  drop(): Promise<void>;
}

/**
 * The test file's database, or the reason there is none (pass it as `skip`). Under CI no
 * reason is accepted: the server must be there.
 */
export async function testDatabase(): Promise<{ db: TestDatabase; skip?: undefined } | { db?: undefined; skip: string }> {
  const name = `vnfm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    const reason = `no PostgreSQL at ${serverUrl} (${(err as Error).message}); set VNFM_TEST_POSTGRES_URL`;
    if (process.env.CI) throw new Error(`${reason}: under CI the PostgreSQL tests must run`, { cause: err });
    console.log(`# skipping the PostgreSQL tests: ${reason}`);
    return { skip: reason };
  }
  const url = withDatabase(serverUrl, name);
  const schemas = new pg.Client({ connectionString: url });
  await schemas.connect();
  let count = 0;
  return {
    db: {
      url,
      async freshSchemaUrl() {
        const schema = `store_${++count}`;
        await schemas.query(`CREATE SCHEMA ${schema}`);
        const scoped = new URL(url);
        scoped.searchParams.set('options', `-c search_path=${schema}`);
        return scoped.toString();
      },
      async drop() {
        await schemas.end();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
