/**
 * The runtime world with a VIM, for the engine's VM and poller tests: the real OpenStack driver over
 * the emulator in process (`vim/openstack/testing/in-process-driver.ts`: no socket, every call
 * recorded in `vim.calls`), whose transitions run on the world's fake clock with zero durations
 * unless a test sets some; the batched poller; and liveness and metrics from the emulator's guest model,
 * as in the `emulator` liveness mode (`monitor/liveness.ts`), asked in process instead of over HTTP;
 * EXPORTs go to the file sink in a temp folder.
 * No hand-written VIM fake: failures come from the emulator's fault rules and guest controls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InProcessEmulator } from '../../../emulator/emulator.ts';
import type { InProcessEmulatorOptions } from '../../../emulator/testing/in-process.ts';
import { fileExportSink } from '../../exports/file-export-sink.ts';
import { inProcessDriver, type InProcessDriver } from '../../vim/openstack/testing/in-process-driver.ts';
import type { EngineDeps, Liveness, MetricSource, VimRegistry } from '../deployment/deps.ts';
import { kpiReader } from '../deployment/kpi-reader.ts';
import { Poller } from '../runtime/poller.ts';
import { silentLogger } from './silent-logger.ts';
import { openRuntimeWorld, type RuntimeWorld } from './runtime-world.ts';

export interface VimWorld extends RuntimeWorld {
  vim: InProcessDriver;
  poller: Poller;
  engineDeps(): EngineDeps;
  /** Where EXPORTs write (`backup.export.dir` unless the test's config names another). */
  exportsDir: string;
}

export interface VimWorldOptions {
  /** Configuration keys over the defaults. */
  config?: Record<string, string>;
  /** Durations, faults and latency of the emulator (its clock is the world's). */
  emulator?: Omit<InProcessEmulatorOptions, 'clock'>;
}

export async function openVimWorld(o: VimWorldOptions = {}): Promise<VimWorld> {
  const world = await openRuntimeWorld(o.config);
  const vim = inProcessDriver({ ...o.emulator, clock: world.clock });
  const poller = new Poller({ clock: world.clock, config: world.config, log: silentLogger });
  const vims: VimRegistry = { get: () => vim.driver, defaultId: () => vim.driver.id };
  const liveness = guestLiveness(vim.emulator);
  const kpis = kpiReader(liveness, guestMetrics(vim.emulator));
  const dataDir = mkdtempSync(join(tmpdir(), 'openvnfm-exports-'));
  const exports = fileExportSink({ config: world.config, dataDir });
  return {
    ...world,
    vim,
    poller,
    engineDeps: () => ({ ...world.deps(), vims, poller, liveness, kpis, exports, day0Fetch: noDay0Fetch }),
    exportsDir: join(dataDir, 'exports'),
    async dispose() {
      await vim.close();
      await world.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The engine's tests send no HTTP: an http(s) day-0 template is fetched only by the end-to-end tests. */
const noDay0Fetch = async (url: string): Promise<string> => {
  throw new Error(`no HTTP in the engine's test world (${url})`);
};

/** A server is alive when Nova has it ACTIVE and its emulated guest answers (emulator/guest/). */
export function guestLiveness(emulator: InProcessEmulator): Liveness {
  return { isAlive: async (_vm, server) => server.status === 'ACTIVE' && emulator.admin.guestAlive(server.id) };
}

/** What the emulated guest reports (`cpu`, `memory`, ...), asked in process as `monitor/collectors.ts` asks over HTTP. */
export function guestMetrics(emulator: InProcessEmulator): MetricSource {
  return { read: async (server, metric) => emulator.admin.guestMetrics(server.id)?.[metric] };
}
