/**
 * Benchmark 12's VIM, either of two kinds:
 * - `process`: the standalone emulator (`npm run emulator`) in a process of its own, time scale 0
 *   (every transition and answer as fast as it goes) and no state file, reached over HTTP by the
 *   real OpenStack driver: what a real deployment has, so the bench process holds the manager alone.
 *   A VM is alive when ACTIVE (`vimLiveness`): its guest model lives in the other process.
 * - `in-process`: the emulator answering the driver's `fetch` in this process (`harness.ts`), what
 *   the benchmark ran on before; its server lists, their JSON and its heap share the manager's loop.
 */
import { readFileSync } from 'node:fs';
import type { Liveness } from '../src/engine/deployment/deps.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { connectorFromEnv } from '../src/vim/openstack/connector.ts';
import { createOpenStackDriver } from '../src/vim/openstack/openstack-driver.ts';
import type { VimDriver } from '../src/vim/driver.ts';
import { StandaloneEmulator } from '../test/support/standalone-emulator.ts';
import { startBenchVim } from './harness.ts';

export const scaleVimKinds = ['process', 'in-process'] as const;
export type ScaleVimKind = (typeof scaleVimKinds)[number];

/** `BENCH_SCALE_VIM`: a comma-separated list of kinds. */
export function scaleVims(list: string): ScaleVimKind[] {
  return list.split(',').map((k) => {
    const kind = scaleVimKinds.find((known) => known === k.trim());
    if (!kind) throw new Error(`BENCH_SCALE_VIM: [${k}] is none of ${scaleVimKinds.join(', ')}`);
    return kind;
  });
}

export interface ScaleVim {
  kind: ScaleVimKind;
  driver: VimDriver;
  liveness: Liveness;
  /** Drops the in-process call log (it grows with every VIM call); nothing to drop over HTTP. */
  forgetCalls(): void;
  /** The emulator's own RSS in MiB when it is another process; undefined in process (it is in ours). */
  emulatorRssMiB(): number | undefined;
  close(): Promise<void>;
}

export async function startScaleVim(kind: ScaleVimKind): Promise<ScaleVim> {
  if (kind === 'in-process') {
    const vim = await startBenchVim();
    const admin = vim.emulator.admin;
    return {
      kind,
      driver: vim.driver,
      liveness: { isAlive: async (_vm, server) => server.status === 'ACTIVE' && admin.guestAlive(server.id) },
      forgetCalls: () => vim.calls.clear(),
      emulatorRssMiB: () => undefined,
      close: () => vim.close(),
    };
  }
  const emulator = await StandaloneEmulator.start({ timeScale: 0, inMemory: true });
  const driver = createOpenStackDriver(connectorFromEnv(emulator.env));
  return {
    kind,
    driver,
    liveness: vimLiveness,
    forgetCalls: () => {},
    emulatorRssMiB: () => rssMiBOf(emulator.pid),
    async close() {
      await driver.close();
      await emulator.dispose(true);
    },
  };
}

/** VmRSS of another process, from Linux's /proc (NaN where it is absent). */
function rssMiBOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
