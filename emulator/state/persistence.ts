/**
 * The state file (IMPL-4 for the embedded VIM): a snapshot of the whole `EmuState` (`<path>`, JSON,
 * written atomically) and beside it an append-only log of changes (`<path>.log`, JSON lines), so
 * a manager killed with SIGKILL finds its VMs where they were. Each save appends, and fsyncs, one
 * line per changed unit (a top-level key, or one record of a keyed collection: `change-tracker.ts`)
 * before the response is sent, so its cost follows the change, not the number of servers (issue
 * 14). When the log outgrows the snapshot (or LOG_MIN_BYTES), and at open and clean close, the
 * log is folded into a fresh snapshot and emptied; that keeps the total written per change
 * constant on average. At load a torn last line (a crash mid-append) is ignored: its request
 * was never answered.
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { trackChanges } from './change-tracker.ts';
import type { EmuState } from './model.ts';

export interface StatePersistence {
  /** The state to work on, loaded (snapshot and log) or else `seed()`; its changes are tracked from here. */
  open(seed: () => EmuState): EmuState;
  /** Makes every change since the last save durable. */
  save(): void;
  /** Saves, folds the log into the snapshot and lets go of the files. */
  close(): void;
}

/** A log line: the unit's new value, or its removal. */
type LogEntry = { set: string[]; value: unknown } | { delete: string[] };

/** Keyed collections log one record per line; every other top-level key logs its whole value. */
const RECORD_DEPTH: Record<string, number> = {
  tokens: 1, servers: 1, serverGroups: 1, images: 1, volumes: 1, snapshots: 1, guestPresets: 1, neutron: 2,
};
const unitDepth = (topKey: string) => RECORD_DEPTH[topKey] ?? 0;

/** Below this the log is never compacted: a small cloud's snapshot is rewritten rarely. */
const LOG_MIN_BYTES = 1 << 20;

export function fileState(path: string): StatePersistence {
  mkdirSync(dirname(path), { recursive: true });
  const logPath = `${path}.log`;
  let raw: EmuState | undefined;
  let logFd: number | undefined;
  let logBytes = 0;
  let snapshotBytes = 0;
  const dirty = new Map<string, string[]>();

  const compact = () => {
    const text = JSON.stringify(raw);
    writeFileAtomic(path, text);
    snapshotBytes = text.length;
    // Only now may the log go: everything in it is in the snapshot just written.
    ftruncateSync(logFd!, 0);
    fdatasyncSync(logFd!);
    logBytes = 0;
  };
  const save = () => {
    // Closed: a request still finishing after close changes a cloud that is no longer kept.
    if (dirty.size === 0 || logFd === undefined) return;
    const lines = [...dirty.values()].map((unit) => `${JSON.stringify(entryFor(raw!, unit))}\n`).join('');
    dirty.clear();
    logBytes += writeSync(logFd!, lines);
    fdatasyncSync(logFd!);
    if (logBytes > Math.max(LOG_MIN_BYTES, snapshotBytes)) compact();
  };
  return {
    open(seed) {
      raw = readState(path) ?? seed();
      logFd = openSync(logPath, 'a');
      compact();
      return trackChanges(raw, unitDepth, (unit) => dirty.set(unit.join('\u0000'), unit));
    },
    save,
    close() {
      if (logFd === undefined) return;
      save();
      try {
        compact();
      } catch {
        // Everything is in the log already: the snapshot only shortens the next start's replay.
      }
      closeSync(logFd);
      logFd = undefined;
    },
  };
}

/** The state a file holds: its snapshot with its log replayed; undefined when there is none. */
export function readState(path: string): EmuState | undefined {
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as EmuState;
  if (state.format !== 1) throw new Error(`emulator state ${path}: unknown format ${String(state.format)}`);
  const logPath = `${path}.log`;
  const lines = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n') : [];
  lines.forEach((line, i) => {
    if (line === '') return;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch (err) {
      // Appends are fsynced in order, so only the last line can be torn (its save never returned).
      if (i >= lines.length - 2) return;
      throw new Error(`emulator state ${logPath}: line ${i + 1} is not JSON`, { cause: err });
    }
    apply(state, entry);
  });
  return state;
}

function entryFor(state: EmuState, unit: string[]): LogEntry {
  let value: unknown = state;
  for (const key of unit) value = (value as Record<string, unknown> | undefined)?.[key];
  return value === undefined ? { delete: unit } : { set: unit, value };
}

function apply(state: EmuState, entry: LogEntry): void {
  const unit = 'set' in entry ? entry.set : entry.delete;
  let parent = state as unknown as Record<string, unknown>;
  for (const key of unit.slice(0, -1)) parent = (parent[key] ??= {}) as Record<string, unknown>;
  const last = unit[unit.length - 1]!;
  if ('set' in entry) parent[last] = entry.value;
  else delete parent[last];
}

export const noPersistence: StatePersistence = { open: (seed) => seed(), save: () => {}, close: () => {} };
