/**
 * `vnfm`: the manager's command. `vnfm serve` starts it with the embedded defaults (SQLite in the
 * data folder); options override `application.properties`, which overrides the defaults.
 */
import { Command } from 'commander';
import { startManager } from '../app/manager.ts';
import { isDomainError } from '../domain/errors.ts';

const program = new Command('vnfm').description('openvnfm: a VNF manager with an ESC-compatible northbound');

program
  .command('serve')
  .description('start the manager (REST on http://<host>:<port>/ESCManager/v0)')
  .option('--host <host>', 'address to listen on (env VNFM_HOST)', process.env.VNFM_HOST)
  .option('--port <port>', 'port to listen on (env VNFM_PORT)', process.env.VNFM_PORT)
  .option('--netconf-port <port>', 'NETCONF over SSH port, 830 by default (env VNFM_NETCONF_PORT)', process.env.VNFM_NETCONF_PORT)
  .option('--data-dir <dir>', 'data folder: SQLite file, application.properties (env VNFM_DATA_DIR)', process.env.VNFM_DATA_DIR)
  .option('--log-level <level>', 'pino log level (env VNFM_LOG_LEVEL)', process.env.VNFM_LOG_LEVEL)
  .option('--database-url <url>', 'PostgreSQL instead of SQLite in the data folder: postgres://user:password@host:port/db (env VNFM_DATABASE_URL)', process.env.VNFM_DATABASE_URL)
  .option('-D, --set <key=value...>', 'any configuration key, e.g. -D rest.auth.enabled=true')
  .action(async (o: { host?: string; port?: string; netconfPort?: string; dataDir?: string; logLevel?: string; databaseUrl?: string; set?: string[] }) => {
    const settings: Record<string, string> = {};
    for (const pair of o.set ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) program.error(`--set expects key=value, got [${pair}]`);
      settings[pair.slice(0, at)] = pair.slice(at + 1);
    }
    if (o.host) settings['server.host'] = o.host;
    if (o.port) settings['server.port'] = o.port;
    if (o.netconfPort) settings['netconf.port'] = o.netconfPort;
    if (o.dataDir) settings['data.dir'] = o.dataDir;
    if (o.logLevel) settings['log.level'] = o.logLevel;
    if (o.databaseUrl) settings['database.url'] = o.databaseUrl;
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
  });

await program.parseAsync();
