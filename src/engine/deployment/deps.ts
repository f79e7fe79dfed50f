/**
 * Everything a workflow may touch, passed in (house rule 8: no singletons): the runtime's own
 * needs plus the VIMs, the batched poller, the liveness check, the KPI reader, the export sink and
 * the day-0 fetch.
 */
import type { KpiSpec, VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { VimDriver, VimServer } from '../../vim/driver.ts';
import type { Poller } from '../runtime/poller.ts';
import type { Day0Fetch } from './day0-fetch.ts';
import type { ExportSink } from './export-sink.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';

export interface VimRegistry {
  get(id: string): VimDriver;
  defaultId(): string;
}

/**
 * What a KPI reading knows of the server: its id and status, all the monitor's summary list gives
 * for an ACTIVE one (`ComputePort.listServerIds`); the VM's addresses come from the store.
 */
export type ServerSeen = Pick<VimServer, 'id' | 'status'>;

/** Decides whether a VM whose server is ACTIVE is alive (IMPL-2); `monitor/liveness.ts` has the modes. */
export interface Liveness {
  isAlive(vm: Vm, server: ServerSeen, group: VmGroupSpec): Promise<boolean>;
}

/** Reads one metric a guest reports (`cpu`, `memory`, ...); undefined when it reports none or does not answer. */
export interface MetricSource {
  read(server: ServerSeen, metric: string): Promise<number | undefined>;
}

/** Reads a `SCRIPT` KPI (issue 12 item 3): runs its script for the VM; undefined when that gives no number. */
export interface ScriptMetrics {
  read(script: string, vm: Vm, server: ServerSeen, kpi: KpiSpec): Promise<number | undefined>;
}

/**
 * Reads one KPI of a VM whose server is ACTIVE (IMPL-2): liveness 1/0 or the guest's metric;
 * undefined when there is no reading (`kpi-reader.ts` builds it from the liveness check and a
 * metric source). The monitor and the `kpi_event_ref` wait (COMP-1) read through it.
 */
export interface KpiReader {
  read(vm: Vm, server: ServerSeen, group: VmGroupSpec, kpi: KpiSpec): Promise<number | undefined>;
}

export interface EngineDeps extends RuntimeDeps {
  vims: VimRegistry;
  poller: Poller;
  liveness: Liveness;
  kpis: KpiReader;
  /** Where an EXPORT writes the snapshot's image and manifest (SNAP-5). */
  exports: ExportSink;
  /** Fetches http(s) day-0 templates through the egress rule (issue 12 item 7). */
  day0Fetch: Day0Fetch;
}
