/**
 * `npm run emulator`: runs the OpenStack API emulator on its own and prints the OS_* variables
 * for the `openstack` client. Flags override the EMULATOR_* environment variables.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_PORT, startEmulator } from './emulator.ts';
import type { FaultConfig } from './faults/rules.ts';

const program = new Command()
  .name('emulator')
  .description('OpenStack API emulator (Keystone, Nova, Glance, Cinder, Neutron) on one port')
  .option('--host <host>', 'address to listen on', process.env.EMULATOR_HOST ?? '127.0.0.1')
  .option('--port <port>', 'port to listen on', process.env.EMULATOR_PORT ?? String(DEFAULT_PORT))
  .option('--state-file <path>', 'keep the state in this file (survives restarts)', process.env.EMULATOR_STATE_FILE)
  .option('--admin-password <password>', 'password of the admin user', process.env.EMULATOR_ADMIN_PASSWORD ?? 'admin')
  .option('--time-scale <factor>', 'multiply every duration and latency', process.env.EMULATOR_TIME_SCALE ?? '1')
  .option('--faults <file>', 'JSON fault configuration ({"rules": [...]})', process.env.EMULATOR_FAULTS)
  .option('--log-unrouted', 'print requests no route serves');

const opts = program.parse().opts<{ host: string; port: string; stateFile?: string; adminPassword: string; timeScale: string; faults?: string; logUnrouted?: boolean }>();

const emulator = await startEmulator({
  host: opts.host,
  port: Number(opts.port),
  adminPassword: opts.adminPassword,
  timeScale: Number(opts.timeScale),
  ...(opts.stateFile && { stateFile: opts.stateFile }),
  ...(opts.faults && { faults: JSON.parse(readFileSync(opts.faults, 'utf8')) as FaultConfig }),
  ...(opts.logUnrouted && { onUnrouted: (method: string, path: string) => console.error(`unrouted: ${method} ${path}`) }),
});

console.log(`OpenStack emulator listening on ${emulator.url} (admin endpoint ${emulator.url}/_emulator/state)
export OS_AUTH_URL=${emulator.authUrl}
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=${opts.adminPassword}
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
