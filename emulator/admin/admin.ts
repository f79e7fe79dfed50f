/**
 * The emulator's control plane, for tests and the manager's `emulator` liveness mode: a state
 * dump, fault rules, latency and durations, guest behaviour and liveness, config drive files.
 * The same operations are offered in-process (`EmulatorAdmin`) and over HTTP (`/_emulator/`).
 */
import type { Cloud } from '../state/cloud.ts';
import type { FaultConfig } from '../faults/rules.ts';
import type { Durations } from '../faults/timing.ts';
import { guestAlive, guestMetrics, setGuest, type GuestControl } from '../guest/guest.ts';
import { serverStatus } from '../nova/server-status.ts';

export interface StateDump {
  projects: unknown[];
  servers: unknown[];
  ports: unknown[];
  networks: unknown[];
  subnets: unknown[];
  floatingips: unknown[];
  volumes: unknown[];
  snapshots: unknown[];
  images: unknown[];
  serverGroups: unknown[];
  pending: unknown[];
}

export interface EmulatorAdmin {
  dump(): StateDump;
  setFaults(config: FaultConfig): void;
  faults(): FaultConfig;
  setLatency(latencyMs: Record<string, number>): void;
  setDurations(durations: Partial<Durations>): void;
  setGuest(control: GuestControl): void;
  guestAlive(serverId: string): boolean;
  /** What the guest reports to a metrics collector; undefined while it does not answer. */
  guestMetrics(serverId: string): Record<string, number> | undefined;
  configDrive(serverId: string): Record<string, string> | undefined;
}

export function createAdmin(cloud: Cloud): EmulatorAdmin {
  return {
    dump() {
      const { state } = cloud;
      return {
        projects: state.projects.map(({ id, name }) => ({ id, name })),
        servers: Object.values(state.servers)
          .filter((s) => s.deletedAt === null)
          .map((s) => {
            const { configDriveFiles, ...rest } = s;
            return { ...rest, status: serverStatus(s), hasConfigDrive: configDriveFiles !== null };
          }),
        ports: Object.values(state.neutron.ports),
        networks: Object.values(state.neutron.networks),
        subnets: Object.values(state.neutron.subnets),
        floatingips: Object.values(state.neutron.floatingips),
        volumes: Object.values(state.volumes),
        snapshots: Object.values(state.snapshots),
        images: Object.values(state.images),
        serverGroups: Object.values(state.serverGroups),
        pending: state.pending,
      };
    },
    setFaults: (config) => cloud.faults.set(config),
    faults: () => cloud.faults.get(),
    setLatency(latencyMs) {
      cloud.timing.latencyMs = { ...latencyMs };
    },
    setDurations(durations) {
      Object.assign(cloud.timing.durations, durations);
    },
    setGuest(control) {
      setGuest(cloud.state, control);
      cloud.persist();
    },
    guestAlive: (serverId) => guestAlive(cloud.state.servers[serverId], cloud.clock.now(), cloud.timing.duration('guestBoot'), cloud.timing.timeScale),
    guestMetrics: (serverId) => guestMetrics(cloud.state.servers[serverId], cloud.clock.now(), cloud.timing.duration('guestBoot'), cloud.timing.timeScale),
    configDrive: (serverId) => cloud.state.servers[serverId]?.configDriveFiles ?? undefined,
  };
}
