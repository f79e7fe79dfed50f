/**
 * Shared helpers for the benchmarks: percentiles over recorded samples, peak-RSS sampling, and
 * aligned-text tables so every benchmark prints the same way (`npm run bench`).
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Formats a number with a fixed number of decimals (default 1). */
export function fmt(n: number, decimals = 1): string {
  return Number.isFinite(n) ? n.toFixed(decimals) : String(n);
}

/**
 * Samples the RSS every `everyMs` until stopped; returns the peak in MiB. `memoryUsage.rss()` reads
 * the RSS alone: `memoryUsage()` also walks the heap spaces, which cost benchmark 1 1.5 % of its CPU;
 * sampled every 20 ms even `rss()` (a read of /proc) took 1 % of it.
 */
export function rssSampler(everyMs = 100): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak / 1024 / 1024;
    },
  };
}

/** Prints a titled table: a header row, right-aligned cells, and optional notes beneath. */
export function printTable(title: string, header: string[], rows: string[][], notes: string[] = []): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(`  * ${n}`);
}

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function runBounded(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export interface LoadResult {
  rps: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
}

/**
 * A closed loop: `clients` workers each call `once()` again as soon as it settles, for `durationMs`;
 * `once` answers whether the request succeeded. Latency is per call.
 */
export async function closedLoop(opts: { clients: number; durationMs: number }, once: () => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.durationMs;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      if (!(await once())) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - start) / 1000;
  return { rps: latencies.length / seconds, requests: latencies.length, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
