/**
 * `vnfm serve`'s options and the configuration settings they give (options override
 * `application.properties`, which overrides the defaults): one definition, so `vnfm` and an entry
 * that starts the manager the same way (the crash tests' seamed manager) cannot read them apart.
 */
import { Command } from 'commander';

interface ServeOptions {
  host?: string;
  port?: string;
  netconfPort?: string;
  dataDir?: string;
  logLevel?: string;
  databaseUrl?: string;
  set?: string[];
}

/** The `serve` command; `run` gets the settings its options give. */
export function serveCommand(run: (settings: Record<string, string>) => Promise<void>): Command {
  const serve = new Command('serve')
    .description('start the manager (REST on http://<host>:<port>/ESCManager/v0)')
    .option('--host <host>', 'address to listen on (env VNFM_HOST)', process.env.VNFM_HOST)
    .option('--port <port>', 'port to listen on (env VNFM_PORT)', process.env.VNFM_PORT)
    .option('--netconf-port <port>', 'NETCONF over SSH port, 830 by default (env VNFM_NETCONF_PORT)', process.env.VNFM_NETCONF_PORT)
    .option('--data-dir <dir>', 'data folder: SQLite file, application.properties (env VNFM_DATA_DIR)', process.env.VNFM_DATA_DIR)
    .option('--log-level <level>', 'pino log level (env VNFM_LOG_LEVEL)', process.env.VNFM_LOG_LEVEL)
    .option('--database-url <url>', 'PostgreSQL instead of SQLite in the data folder: postgres://user:password@host:port/db (env VNFM_DATABASE_URL)', process.env.VNFM_DATABASE_URL)
    .option('-D, --set <key=value...>', 'any configuration key, e.g. -D rest.auth.enabled=true');
  return serve.action((o: ServeOptions) => run(settingsOf(o, (message) => serve.error(message))));
}

function settingsOf(o: ServeOptions, refuse: (message: string) => never): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of o.set ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) refuse(`--set expects key=value, got [${pair}]`);
    settings[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const named: [string | undefined, string][] = [[o.host, 'server.host'], [o.port, 'server.port'], [o.netconfPort, 'netconf.port'], [o.dataDir, 'data.dir'], [o.logLevel, 'log.level'], [o.databaseUrl, 'database.url']];
  for (const [value, key] of named) if (value) settings[key] = value;
  return settings;
}
