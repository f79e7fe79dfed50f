/**
 * `escadm`: ESC's admin command (esc-interface.md §5.2), speaking to a running manager over REST
 * (`admin-client.ts`). Output follows ESC's where the sources show it (vimmanager, op_mode) and is
 * our inference elsewhere (docs/esc-inferences.md); a refusal prints `escadm: <the manager's
 * message>` on stderr and exits 1. `status` exits 3 when the manager does not answer, as an LSB
 * status command does.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { AdminCallError, AdminClient } from './admin-client.ts';

const client = new AdminClient(process.env);
const program = new Command('escadm').description('openvnfm administration (ESC escadm): settings, operation mode, REST user, backup and restore');
const say = (line: string) => process.stdout.write(`${line}\n`);

const vimmanager = program.command('vimmanager').description('the VIM manager settings (CONF-1..3)');

vimmanager
  .command('show')
  .description('print the effective configuration (CONF-2)')
  .action(async () => {
    const settings = await client.json<Record<string, string>>('GET', '/admin/settings');
    say('VimManager System Configurations.');
    say(JSON.stringify(settings, null, 2));
  });

vimmanager
  .command('set')
  .description('change settings at run time; lost at a restart (CONF-3)')
  .requiredOption('--config <key=value...>', 'one or more key=value pairs')
  .action(async (o: { config: string[] }) => {
    const changes = new Map<string, string>();
    for (const pair of o.config) {
      const at = pair.indexOf('=');
      if (at <= 0) program.error(`escadm: --config expects key=value, got [${pair}]`);
      changes.set(pair.slice(0, at), pair.slice(at + 1));
    }
    await client.json('PATCH', '/admin/settings', Object.fromEntries(changes));
    for (const [key, value] of changes) say(`VimManager configuration [${key}] has updated to [${value}].`);
  });

vimmanager
  .command('restart')
  .description('re-read application.properties, dropping run-time changes (CONF-1)')
  .action(async () => {
    await client.json('POST', '/admin/settings/reload');
    say('Stopping vimmanager service: [OK]');
    say('Starting vimmanager service: [OK]');
  });

const opMode = program.command('op_mode').description('the operation mode: OPERATION or MAINTENANCE');

opMode
  .command('show')
  .action(async () => {
    const { op_mode } = await client.json<{ op_mode: string }>('GET', '/admin/op_mode');
    say(`Operation Mode = ${op_mode}`);
  });

opMode
  .command('set')
  .requiredOption('--mode <mode>', 'maintenance or operation')
  .option('--ipt_check <bool>', 'true: refuse maintenance while operations are in flight', 'false')
  .action(async (o: { mode: string; ipt_check: string }) => {
    const { op_mode } = await client.json<{ op_mode: string }>('PUT', '/admin/op_mode', { mode: o.mode, ipt_check: o.ipt_check.toLowerCase() === 'true' });
    say(`Set mode to ${op_mode}`);
  });

program
  .command('rest')
  .description('the REST user')
  .command('set')
  .description('set the REST user; without options, reset it to admin/cisco123')
  .option('--username <username>')
  .option('--password <password>')
  .action(async (o: { username?: string; password?: string }) => {
    const body = o.username === undefined && o.password === undefined ? {} : { username: o.username, password: o.password };
    const { username } = await client.json<{ username: string }>('PUT', '/admin/rest-user', body);
    say(`REST user set to [${username}].`);
  });

program
  .command('status')
  .description('whether the manager answers')
  .action(async () => {
    try {
      const { status, message } = await client.json<{ status: number; message: string }>('GET', '/admin/status');
      say(`ESC status=${status} ${message}`);
    } catch (err) {
      if (!(err instanceof AdminCallError) || err.status !== undefined) throw err;
      say('ESC status=3 ESC not running');
      process.exitCode = 3;
    }
  });

program
  .command('backup')
  .description('write a backup of the database (in maintenance mode)')
  .requiredOption('--file <file>', 'the .tar.gz to write')
  .action(async (o: { file: string }) => {
    const res = await client.send('POST', '/admin/backup');
    // Mode 0600: the copy holds what the database holds.
    await pipeline(Readable.fromWeb(res.body! as never), createWriteStream(o.file, { mode: 0o600 }));
    say(`ESC database backed up to [${o.file}].`);
  });

program
  .command('restore')
  .description('replace the database with a backup (in maintenance mode, nothing in flight)')
  .requiredOption('--file <file>', 'a .tar.gz written by escadm backup')
  .action(async (o: { file: string }) => {
    const body = Readable.toWeb(createReadStream(o.file)) as ReadableStream;
    const res = await client.send('POST', '/admin/restore', { body, type: 'application/gzip' });
    const { restored_from, resumed } = (await res.json()) as { restored_from: string; resumed: number };
    say(`ESC database restored from [${o.file}] (backup of ${restored_from}); ${resumed} operation(s) resumed.`);
  });

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`escadm: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await client.close();
}
