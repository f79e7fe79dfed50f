/**
 * Pieces the benchmarks share: the zero-latency VIM they all drive (the real OpenStack driver over
 * the emulator's state machines in process: no HTTP, no state file), the settings that shorten
 * every VIM poll interval (so the configured wait does not dominate a figure) and a callback
 * listener that hands each completion to whoever waits on its transaction id, whether it arrives
 * before or after the wait.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Durations } from '../emulator/faults/timing.ts';
import { inProcessDriver, type InProcessDriver } from '../src/vim/openstack/testing/in-process-driver.ts';
import { fastPolling } from '../test/support/manager.ts';

/** The shared network benchmark VMs sit on: the seeded `private` /24 (253 addresses) is too small. */
export const BENCH_NETWORK = 'bench-net';
export const BENCH_CIDR = '10.64.0.0/16';

/**
 * The benchmark VIM: every emulator duration 0 unless given, on the system clock, with
 * BENCH_NETWORK made; `calls` is cleared after that setup.
 */
export async function startBenchVim(durations: Partial<Durations> = {}): Promise<InProcessDriver & { networkId: string }> {
  const vim = inProcessDriver({ durations });
  const net = await vim.driver.createNetwork({}, { name: BENCH_NETWORK, shared: true, adminStateUp: true, tag: 'bench' });
  await vim.driver.createSubnet({}, { name: `${BENCH_NETWORK}-v4`, networkId: net.id, cidr: BENCH_CIDR, ipVersion: 4, enableDhcp: true, tag: 'bench' });
  vim.calls.clear();
  return { ...vim, networkId: net.id };
}

export const POLL_SECS = '0.005';

/** `fastPolling` with every `vim.asyncpoller.*.poll.secs` set to `pollSecs` (POLL_SECS). */
export function benchPolling(pollSecs = POLL_SECS): Record<string, string> {
  const poll = Object.fromEntries(Object.keys(fastPolling).filter((k) => k.endsWith('.poll.secs')).map((k) => [k, pollSecs]));
  return { ...fastPolling, ...poll };
}

export interface Completion {
  at: number;
  status: string;
}

/** Receives completion callbacks and hands each to whoever waits on its transaction id. */
export async function startCallbackSink() {
  const arrived = new Map<string, Completion>();
  const waiting = new Map<string, (r: Completion) => void>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const got = { at: performance.now(), status: String(req.headers['esc-status-code']) };
      const txn = String(req.headers['esc-transaction-id']);
      res.writeHead(200).end();
      const waiter = waiting.get(txn);
      if (waiter) waiter(got);
      else arrived.set(txn, got);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/done`,
    completion(txn: string): Promise<Completion> {
      const early = arrived.get(txn);
      if (early) return Promise.resolve(early);
      return new Promise((resolve) => waiting.set(txn, resolve));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
