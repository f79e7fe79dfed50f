/**
 * What holds a process's event loop while a latency is measured: the loop's delay (how late a
 * timer armed every millisecond fires, `monitorEventLoopDelay`) and the garbage collector's pauses
 * (`gc` performance entries, major ones apart: a large heap's mark-compact stops everything).
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface LoopStalls {
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  gcPauses: number;
  gcTotalMs: number;
  majorGcPauses: number;
  majorGcMaxMs: number;
}

export function recordLoopStalls(): { stop(): LoopStalls } {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gc = { pauses: 0, totalMs: 0, major: 0, majorMaxMs: 0 };
  // An entry reaches the observer a little after its pause: a collection just before this call
  // (benchmark 12 forces one to read the live heap) would otherwise be counted as one of the window's.
  const from = performance.now();
  const count = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      if (e.startTime < from) continue;
      gc.pauses += 1;
      gc.totalMs += e.duration;
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major += 1;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, e.duration);
      }
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  delay.enable();
  return {
    stop() {
      delay.disable();
      count(observer.takeRecords()); // entries not yet delivered
      observer.disconnect();
      const ms = (ns: number) => ns / 1e6;
      return {
        delayP50Ms: ms(delay.percentile(50)),
        delayP99Ms: ms(delay.percentile(99)),
        delayMaxMs: ms(delay.max),
        gcPauses: gc.pauses,
        gcTotalMs: gc.totalMs,
        majorGcPauses: gc.major,
        majorGcMaxMs: gc.majorMaxMs,
      };
    },
  };
}
