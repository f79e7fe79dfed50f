/**
 * `esc_nc_cli`: ESC's NETCONF command line (issue 11 item 7, esc-interface.md §5.1). Each command
 * opens one NETCONF session over SSH, sends one request, prints the command's title line and the
 * reply (ESC's `<error>` form on an rpc-error) and exits 0 on `<ok/>` or data, 1 on any error.
 * Every request is built before connecting, so a bad path or file is refused without a session.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { connectNetconf } from './netconf-client/connect.ts';
import type { NetconfSession } from './netconf-client/session.ts';
import { replyOutput } from './esc-nc-cli/output.ts';
import * as requests from './esc-nc-cli/requests.ts';
import { subtreeFilter } from './esc-nc-cli/subtree-path.ts';
import { watchNotifications } from './esc-nc-cli/watch-notifications.ts';

interface GlobalOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  privateKey?: string;
}

const program = new Command('esc_nc_cli')
  .description("ESC's NETCONF command line: one request to the manager's NETCONF server, its reply printed")
  .option('--host <host>', 'NETCONF server address (env ESC_NC_HOST)', process.env.ESC_NC_HOST ?? '127.0.0.1')
  .option('--port <port>', 'NETCONF server port (env ESC_NC_PORT)', positive('port'), Number(process.env.ESC_NC_PORT ?? 830))
  .option('--user <user>', 'NETCONF user', 'admin')
  .option('--password <password>', 'NETCONF password', 'admin')
  .option('--private-key <file>', 'log in with this private key instead of the password')
  .showHelpAfterError();

function positive(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer, got [${value}]`);
    return n;
  };
}

/** A file the user named; unreadable, it is one clear line. */
function readUserFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} [${path}]: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

async function session<T>(use: (s: NetconfSession) => Promise<T>): Promise<T> {
  const o = program.opts<GlobalOptions>();
  // A flag was checked as it was parsed; the environment's value is checked here.
  if (!Number.isInteger(o.port) || o.port <= 0) throw new Error(`ESC_NC_PORT must be a positive integer, got [${process.env.ESC_NC_PORT}]`);
  const s = await connectNetconf({
    host: o.host,
    port: o.port,
    username: o.user,
    // A key replaces the password, so a key login is never a password login in disguise.
    ...(o.privateKey === undefined ? { password: o.password } : { privateKey: readUserFile(o.privateKey, 'private key') }),
  });
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

/** One request: the title line, then the reply. */
async function request(title: string, build: () => string): Promise<void> {
  const operation = build();
  const reply = await session((s) => s.rpc(operation));
  const out = replyOutput(reply);
  process.stdout.write(`${title}\n${out.text}`);
  if (!out.ok) process.exitCode = 1;
}

/** A command and its title, the name ESC's help gives it (`VM Backup Action : vm-backup-action …`). */
function command(syntax: string, title: string): Command {
  return program.command(syntax).description(title);
}

command('vm-backup-action <vm-name> <backup-name> [action-type] [xmlfile]', 'VM Backup Action')
  .addHelpText('after', '\naction-type := SNAPSHOT|EXPORT (default SNAPSHOT); xmlfile: a well-formed XML document kept with the backup')
  .action((vm: string, backup: string, action: string | undefined, xmlFile: string | undefined) =>
    request('VM Backup Action', () =>
      requests.vmBackupAction({ vm, backup, action, xmlFile: xmlFile === undefined ? undefined : readUserFile(xmlFile, 'xmlfile') }),
    ),
  );

command('snapshot-action <action> <snapshot>', 'Snapshot Action')
  .addHelpText('after', '\naction := delete; snapshot: a snapshot id or name')
  .action((action: string, ref: string) => request('Snapshot Action', () => requests.snapshotAction(action, ref)));

command('vm-action <action> <vm-name>', 'VM Action')
  .option('--force', 'ignore the group minimum (min_active) when stopping or rebooting')
  .addHelpText('after', '\naction := START|STOP|REBOOT|ENABLE_MONITOR|DISABLE_MONITOR')
  .action((action: string, vm: string, o: { force?: boolean }) => request('VM Action', () => requests.vmAction(action, vm, o.force === true)));

command('service-action <action> <tenant> <deployment>', 'Service Action')
  .addHelpText('after', '\naction := START|STOP|REBOOT|ENABLE_MONITOR|DISABLE_MONITOR')
  .action((action: string, tenant: string, dep: string) => request('Service Action', () => requests.serviceAction(action, tenant, dep)));

command('recovery-vm-action <action> <vm-name>', 'Recovery VM Action')
  .addHelpText('after', '\naction := DO')
  .action((action: string, vm: string) => request('Recovery VM Action', () => requests.recoveryVmAction(action, vm)));

command('edit-config <file>', 'Edit Config')
  .action((file: string) => request('Edit Config', () => requests.editConfigFile(readUserFile(file, 'file'))));

command('delete-dep <tenant> <deployment>', 'Delete Deployment')
  .action((tenant: string, dep: string) => request('Delete Deployment', () => requests.deleteDeployment(tenant, dep)));

command('create-tenant <tenant>', 'Create Tenant').action((tenant: string) => request('Create Tenant', () => requests.createTenant(tenant)));

command('delete-tenant <tenant>', 'Delete Tenant').action((tenant: string) => request('Delete Tenant', () => requests.deleteTenant(tenant)));

command('get [path]', 'Get')
  .addHelpText('after', "\npath: e.g. esc_datamodel/opdata or esc_datamodel/opdata/tenants/tenant[name='acme'] (none: everything)")
  .action((path: string | undefined) => request('Get', () => requests.get(subtreeFilter(path))));

command('get-config [path]', 'Get Config').action((path: string | undefined) => request('Get Config', () => requests.getConfig(subtreeFilter(path))));

command('notif', 'Notifications')
  .option('--stream <name>', 'the stream to subscribe to', 'escEvent')
  .option('--start-time <date-time>', 'replay the events logged since this time first (RFC 5277)')
  .option('--stop-time <date-time>', 'end at this time (with --start-time: a window of the log)')
  .option('--count <n>', 'stop after this many events', positive('--count'))
  .option('--timeout <seconds>', 'stop after this many seconds', positive('--timeout'))
  .action(async (o: { stream: string; startTime?: string; stopTime?: string; count?: number; timeout?: number }) => {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const print = (text: string) => process.stdout.write(text);
    const result = await session((s) => {
      print('Notifications\n');
      return watchNotifications(s, { ...o, timeoutSecs: o.timeout, signal: stop.signal }, print);
    });
    if (result.problem) process.stderr.write(`esc_nc_cli: ${result.problem}\n`);
    if (!result.ok) process.exitCode = 1;
  });

try {
  await program.parseAsync();
} catch (err) {
  // A refused login, an unreachable server, an unreadable or broken file: one line, no stack.
  process.stderr.write(`esc_nc_cli: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
