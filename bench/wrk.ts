/**
 * Debian's `wrk` as the load generator of benchmark 2: a C client in its own process, so the
 * figure is the server's, not a JavaScript client's. Its summary is parsed into a LoadResult.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LoadResult } from './stats.ts';

export interface WrkLoad {
  threads: number;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

export async function wrk(url: string, o: WrkLoad): Promise<LoadResult> {
  const headerArgs = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...headerArgs, url];
  const { stdout } = await promisify(execFile)('wrk', args);
  return parseWrk(stdout);
}

/** wrk's text summary: requests, req/s, the 50 % and 99 % latencies, and non-2xx/3xx answers and socket errors as errors. */
export function parseWrk(text: string): LoadResult {
  const number = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = number(/Non-2xx or 3xx responses: (\d+)/) || 0;
  return {
    requests: number(/(\d+) requests in/),
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50: latencyMs(/\s50%\s+([\d.]+)(us|ms|s)/.exec(text)),
    p99: latencyMs(/\s99%\s+([\d.]+)(us|ms|s)/.exec(text)),
    errors: errors + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

function latencyMs(match: RegExpExecArray | null): number {
  if (!match) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  return Number(match[1]) * scale;
}
