/**
 * Pieces the HTTP-driven benchmarks share: the settings that shorten every VIM poll interval (so
 * the configured wait does not dominate a figure) and a callback listener that hands each
 * completion to whoever waits on its transaction id, whether it arrives before or after the wait.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastPolling } from '../test/support/manager.ts';

export const POLL_SECS = '0.005';

/** `fastPolling` with every `vim.asyncpoller.*.poll.secs` set to POLL_SECS. */
export function benchPolling(): Record<string, string> {
  const poll = Object.fromEntries(Object.keys(fastPolling).filter((k) => k.endsWith('.poll.secs')).map((k) => [k, POLL_SECS]));
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
