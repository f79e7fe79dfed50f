/**
 * `vnfm migrate --from sqlite:<dir> --to postgres://…` (issue 15 item 7): moves a stopped
 * manager's state from the SQLite store in its data folder into PostgreSQL, then prints the rows
 * of every table (and the event counter) on both sides.
 *
 * Exit status, so a script can tell what to do next:
 * 0 moved, every count matches; 1 the move failed (the database unreachable, a write refused) or a
 * count differs; 2 nothing was done: a usage error, or refused — a manager holds the data folder,
 * a manager is running on the target database (`--replace` or not), the target already holds state
 * (pass `--replace` to empty it first), no SQLite store there.
 */
import { Command } from 'commander';
import { eventCounterName, migrateToPostgres, type CountCheck } from '../app/migrate-store.ts';
import { isDomainError, messageOf } from '../domain/errors.ts';

export const migrateExit = { moved: 0, failed: 1, refused: 2 } as const;

interface MigrateOptions {
  from: string;
  to: string;
  replace: boolean;
}

export function migrateCommand(): Command {
  const migrate = new Command('migrate')
    .description('copy the state of a stopped manager from its SQLite data folder into PostgreSQL, then compare the rows of every table')
    .requiredOption('--from <source>', 'sqlite:<data folder> of a stopped manager')
    .requiredOption('--to <url>', 'postgres://user:password@host:port/db (its schema is brought up to date first)')
    .option('--replace', 'empty a target that already holds openvnfm state instead of refusing it', false)
    // Commander's own usage errors exit 2 too; its help exits 0.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : migrateExit.refused));
  return migrate.action(async (o: MigrateOptions) => {
    process.exitCode = await run(o);
  });
}

async function run(o: MigrateOptions): Promise<number> {
  const dataDir = /^sqlite:(.+)$/.exec(o.from)?.[1];
  if (!dataDir) return refuse(`--from expects sqlite:<data folder>, got [${o.from}]`);
  if (!/^postgres(ql)?:\/\//.test(o.to)) return refuse('--to expects a postgres://user:password@host:port/db URL');
  let checks: CountCheck[];
  try {
    checks = await migrateToPostgres({ dataDir, url: o.to, replace: o.replace });
  } catch (err) {
    console.error(`vnfm migrate: ${messageOf(err)}`);
    return isDomainError(err, 'CONFLICT') || isDomainError(err, 'INVALID_INPUT') ? migrateExit.refused : migrateExit.failed;
  }
  console.log(countTable(checks));
  const differing = checks.filter((c) => !c.ok);
  if (differing.length > 0) {
    console.error(`vnfm migrate: the counts differ for ${differing.map((c) => c.name).join(', ')}`);
    return migrateExit.failed;
  }
  console.log(`vnfm migrate: moved ${dataDir} into PostgreSQL; every count matches`);
  return migrateExit.moved;
}

function refuse(message: string): number {
  console.error(`vnfm migrate: ${message}`);
  return migrateExit.refused;
}

/** One line per table: its rows in SQLite and in PostgreSQL, a mark where they differ. */
function countTable(checks: CountCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length), 'table'.length);
  const line = (name: string, sqlite: string, postgres: string, mark = '') => `${name.padEnd(width)}  ${sqlite.padStart(8)}  ${postgres.padStart(8)}${mark}`;
  return [
    line('table', 'sqlite', 'postgres'),
    ...checks.map((c) => line(c.name, String(c.sqlite), String(c.postgres), c.ok ? '' : c.name === eventCounterName ? '  behind' : '  differs')),
  ].join('\n');
}
