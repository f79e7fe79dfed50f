/**
 * Liveness modes (a VM counts as alive when the VIM reports it ACTIVE and its check passes), chosen
 * per VIM connector (`liveness.mode`, env `VNFM_LIVENESS` for the default one):
 * - `icmp`: the `ICMPPing` collector — ping the VM's address on the KPI's `nicid` (production);
 * - `vim`: ACTIVE counts as alive — clouds whose guests the manager cannot reach (the real test
 *   cloud's fake hypervisor has no guests);
 * - `emulator`: the embedded emulator's guest model answers `/_emulator/guests/{id}/alive`, so tests
 *   can make a guest fail to boot, stop answering or answer late.
 * A check that gets no answer means "not alive yet"; the group's `bootup_time` decides.
 */
import { execFile } from 'node:child_process';
import type { VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Liveness } from '../engine/deployment/deps.ts';

/** `vim` mode: ACTIVE on the VIM counts as alive (clouds whose guests cannot be reached). */
export const vimLiveness: Liveness = { isAlive: async (_vm, server) => server.status === 'ACTIVE' };

export const livenessModes = ['icmp', 'vim', 'emulator'] as const;
export type LivenessMode = (typeof livenessModes)[number];

export type Pinger = (address: string, timeoutMs: number) => Promise<boolean>;

/** One echo request with the system's `ping` (raw ICMP sockets need privileges `ping` already has). */
export const systemPing: Pinger = (address, timeoutMs) =>
  new Promise((resolve) => {
    const v6 = address.includes(':');
    execFile('ping', [...(v6 ? ['-6'] : []), '-n', '-q', '-c', '1', '-W', String(Math.max(1, Math.ceil(timeoutMs / 1000))), address], { timeout: timeoutMs + 1000 }, (err) =>
      resolve(!err),
    );
  });

/** The interface the group's ICMPPing KPI watches (ESC's liveness KPI is on nicid 0 by default). */
export function pingNicid(group: VmGroupSpec): number {
  return group.kpiData.kpis.find((k) => k.metricCollector.type.toUpperCase() === 'ICMPPING')?.metricCollector.nicid ?? 0;
}

export function icmpLiveness(ping: Pinger = systemPing, timeoutMs = 2_000): Liveness {
  return {
    async isAlive(vm, server, group) {
      if (server.status !== 'ACTIVE') return false;
      const address = vm.interfaces.find((i) => i.nicid === pingNicid(group))?.ipAddress;
      return address !== undefined && ping(address, timeoutMs);
    },
  };
}

export function emulatorLiveness(emulatorUrl: string, timeoutMs = 5_000): Liveness {
  return {
    async isAlive(_vm, server) {
      if (server.status !== 'ACTIVE') return false;
      try {
        const res = await fetch(`${emulatorUrl}/_emulator/guests/${encodeURIComponent(server.id)}/alive`, { signal: AbortSignal.timeout(timeoutMs) });
        return res.ok && ((await res.json()) as { alive?: boolean }).alive === true;
      } catch {
        return false;
      }
    },
  };
}

export function livenessFor(mode: string, emulatorUrl?: string): Liveness {
  if (mode === 'vim') return vimLiveness;
  if (mode === 'icmp') return icmpLiveness();
  if (mode === 'emulator') {
    if (!emulatorUrl) throw new Error('liveness mode [emulator] needs the embedded emulator; use VNFM_LIVENESS=vim or icmp for another cloud');
    return emulatorLiveness(emulatorUrl);
  }
  throw new Error(`unknown liveness mode [${mode}]; expected one of ${livenessModes.join(', ')}`);
}
