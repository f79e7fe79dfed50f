/**
 * The OpenStack API emulator (Keystone, Nova, Glance, Cinder, Neutron on one port, devstack-style
 * prefixes), usable on its own (`npm run emulator`) and embedded by `vnfm serve` as the default
 * VIM. With `stateFile` its state survives SIGKILL: it is written before each mutating answer and
 * after each transition, and in-flight transitions resume on start; without one it lives in memory.
 * Two doors: `startEmulator` listens on a port; `openEmulator` answers in process (no socket), as a
 * function call or a `fetch` function, for tests and benchmarks that drive the real OpenStack driver without HTTP.
 */
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../src/time/clock.ts';
import { Faults, type FaultConfig } from './faults/rules.ts';
import { Timing, type Durations } from './faults/timing.ts';
import { createDirectHandler, createFetchHandler, createHttpServer, type DirectRequest, type DirectResponse, type HttpOptions } from './http/server.ts';
import { directoryBlobs, memoryBlobs } from './state/blobs.ts';
import type { Cloud } from './state/cloud.ts';
import { fileState, noPersistence } from './state/persistence.ts';
import { Scheduler } from './state/scheduler.ts';
import { seedState } from './state/seed.ts';
import { keystoneService } from './keystone/routes.ts';
import { authenticate } from './keystone/tokens.ts';
import { novaService } from './nova/routes.ts';
import { novaTransitions } from './nova/transitions.ts';
import { glanceService } from './glance/routes.ts';
import { glanceTransitions } from './glance/transitions.ts';
import { cinderService } from './cinder/routes.ts';
import { cinderTransitions } from './cinder/transitions.ts';
import { neutronService } from './neutron/routes.ts';
import { createAdmin, type EmulatorAdmin } from './admin/admin.ts';
import { adminService } from './admin/routes.ts';

export const DEFAULT_PORT = 5100;

export interface EmulatorOptions {
  host?: string;
  /** 0 for an ephemeral port; default 5100. */
  port?: number;
  stateFile?: string;
  clock?: Clock;
  /** Multiplies every duration and latency (0 = immediate, still asynchronous). */
  timeScale?: number;
  faults?: FaultConfig;
  latencyMs?: Record<string, number>;
  durations?: Partial<Durations>;
  /** Password of the seeded `admin` user (first start only). */
  adminPassword?: string;
  /** Told about requests no route serves. */
  onUnrouted?(method: string, path: string): void;
}

export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:5100. */
  url: string;
  /** Keystone URL for OS_AUTH_URL, e.g. http://127.0.0.1:5100/identity/v3. */
  authUrl: string;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

/** The emulator reached through a `fetch` function instead of a socket (`openEmulator`). */
export interface InProcessEmulator {
  /** Base URL the fetch answers for (no host resolves it: nothing listens). */
  url: string;
  authUrl: string;
  admin: EmulatorAdmin;
  /** Serves one request through the same loop as the listener (`http/server.ts`). */
  fetch: typeof fetch;
  /** The same, without WHATWG `Request`/`Response` objects (the in-process driver's door). */
  call(req: DirectRequest): Promise<DirectResponse>;
  close(): Promise<void>;
}

/** Where an in-process emulator says it lives; `.invalid` never resolves, so no socket can reach it. */
const inProcessUrl = 'http://emulator.invalid';

/** Listens on `host:port` (default 127.0.0.1:5100). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const parts = assemble(opts);
  const server = createHttpServer(parts.loop);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => resolve());
  });
  parts.cloud.scheduler.resume();
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  return {
    url,
    authUrl: `${url}/identity/v3`,
    admin: parts.admin,
    async close() {
      parts.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** No socket: the emulator answers a `fetch` function (`host` and `port` are ignored). */
export function openEmulator(opts: EmulatorOptions = {}): InProcessEmulator {
  const parts = assemble(opts);
  parts.cloud.scheduler.resume();
  return {
    url: inProcessUrl,
    authUrl: `${inProcessUrl}/identity/v3`,
    admin: parts.admin,
    fetch: createFetchHandler(parts.loop),
    call: createDirectHandler(parts.loop),
    async close() {
      parts.stop();
    },
  };
}

/** The state, its transitions and the request loop, before any door is opened. */
function assemble(opts: EmulatorOptions) {
  const clock = opts.clock ?? systemClock;
  const persistence = opts.stateFile ? fileState(opts.stateFile) : noPersistence;
  const blobs = opts.stateFile ? directoryBlobs(`${opts.stateFile}.blobs`) : memoryBlobs();
  const state = persistence.open(() => seedState({ adminPassword: opts.adminPassword ?? 'admin', now: clock.now() }, blobs));
  const faults = new Faults(opts.faults);
  const timing = new Timing({
    ...(opts.durations && { durations: opts.durations }),
    ...(opts.latencyMs && { latencyMs: opts.latencyMs }),
    ...(opts.timeScale !== undefined && { timeScale: opts.timeScale }),
  });
  let writeQueued = false;
  const cloud: Cloud = {
    state,
    clock,
    blobs,
    faults,
    timing,
    scheduler: new Scheduler(() => cloud, { ...novaTransitions, ...glanceTransitions, ...cinderTransitions }),
    persist: () => {
      writeQueued = false;
      persistence.save();
    },
    persistSoon: () => {
      if (writeQueued) return;
      writeQueued = true;
      setImmediate(() => writeQueued && cloud.persist());
    },
  };
  faults.onChange(() => cloud.scheduler.releaseHeld());
  const admin = createAdmin(cloud);
  const loop: HttpOptions = {
    cloud,
    services: [keystoneService, novaService, glanceService, cinderService, neutronService, adminService(admin)],
    authenticate,
    ...(opts.onUnrouted && { onUnrouted: opts.onUnrouted }),
  };
  const stop = () => {
    cloud.scheduler.close();
    persistence.close();
  };
  return { cloud, admin, loop, stop };
}
