/**
 * Test harness: a manager on an ephemeral port with a fresh data folder and quick polling, and
 * small helpers to speak to it over real HTTP and wait on its callbacks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startManager, type Manager, type ManagerOptions } from '../../src/app/manager.ts';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';

export const fastPolling: Record<string, string> = {
  'server.port': '0',
  'netconf.port': '0',
  'emulator.port': '0',
  'vim.asyncpoller.server.create.poll.secs': '0.02',
  'vim.asyncpoller.server.action.poll.secs': '0.02',
  'vim.asyncpoller.server.delete.poll.secs': '0.02',
  'vim.asyncpoller.volume.create.poll.secs': '0.02',
  'vim.asyncpoller.volume.delete.poll.secs': '0.02',
  'vim.asyncpoller.snapshot.create.poll.secs': '0.02',
  'vim.asyncpoller.snapshot.delete.poll.secs': '0.02',
  'callback.retry.initial.ms': '50',
  'callback.retry.max.ms': '200',
};

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'openvnfm-test-'));
}

export async function startTestManager(opts: ManagerOptions & { dataDir?: string } = {}): Promise<Manager> {
  return startManager({
    logger: false,
    ...opts,
    settings: { ...fastPolling, 'data.dir': opts.dataDir ?? tempDataDir(), ...opts.settings },
  });
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the embedded emulator holds now (tests check that nothing is left behind). */
export function cloudState(manager: Manager): {
  servers: { id: string; name: string; status: string; host?: string; serverGroupId: string | null; fault: { message: string } | null }[];
  ports: { id: string; fixed_ips: { ip_address: string }[] }[];
  volumes: { id: string; status: string }[];
  networks: { id: string; name: string }[];
  serverGroups: { id: string; name: string; policy: string; members: string[] }[];
} {
  if (!manager.emulator) throw new Error('this manager runs no embedded emulator');
  return manager.emulator.admin.dump() as never;
}

/** Everything a request could change: tenants, deployments, VMs, operations, events, callbacks (bad input changes none). */
export async function storeSnapshot(manager: Manager): Promise<string> {
  const s = manager.store;
  return JSON.stringify([await s.listTenants(), await s.listDeployments(), await s.listVms(), await s.listOperations({}), await s.lastEventSeq(), await s.listOutbox()]);
}

export interface ManagerAndReceiver {
  manager: Manager;
  receiver: HttpReceiver;
  /** `<manager url>/ESCManager/v0` */
  api: string;
}

/**
 * For a test file: a manager and a callback receiver started before its tests and closed after;
 * `bind` hands them to the file's variables.
 */
export function useManagerAndReceiver(bind: (it: ManagerAndReceiver) => void, opts: ManagerOptions & { dataDir?: string } = {}): void {
  let it: ManagerAndReceiver | undefined;
  before(async () => {
    const receiver = await HttpReceiver.start();
    const manager = await startTestManager(opts);
    it = { manager, receiver, api: `${manager.url}/ESCManager/v0` };
    bind(it);
  });
  after(async () => {
    await it?.manager.close();
    await it?.receiver.close();
  });
}
