/**
 * `vnfm`: the manager's command. `vnfm serve` starts it with the embedded defaults (SQLite in the
 * data folder); options override `application.properties`, which overrides the defaults.
 * `vnfm migrate` moves a stopped manager's SQLite state into PostgreSQL.
 */
import { Command } from 'commander';
import { startManager } from '../app/manager.ts';
import { isDomainError } from '../domain/errors.ts';
import { migrateCommand } from './migrate-command.ts';
import { serveCommand } from './serve-command.ts';

const program = new Command('vnfm').description('openvnfm: a VNF manager with an ESC-compatible northbound');

program.addCommand(
  serveCommand(async (settings) => {
    const manager = await startManager({ settings }).catch((err: unknown) => {
      // A refusal (a bad value in application.properties, CONF-1) is one line naming it, not a stack.
      if (isDomainError(err)) program.error(`vnfm: ${err.message}`);
      throw err;
    });
    // Issue 13: new requests are refused, requests in flight finish, running steps stop at their
    // next durable point and the store closes: exit 0. Past shutdown.grace.secs the process exits 1
    // and what remains resumes at the next start (IMPL-4).
    const stop = (signal: NodeJS.Signals) => {
      const graceSecs = manager.config.number('shutdown.grace.secs');
      setTimeout(() => {
        console.error(`vnfm: ${signal}: not stopped within shutdown.grace.secs=${graceSecs}; what remains resumes at the next start`);
        process.exit(1);
      }, graceSecs * 1000);
      manager.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('vnfm: shutdown failed; what remains resumes at the next start', err);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }),
);

program.addCommand(migrateCommand());

await program.parseAsync();
