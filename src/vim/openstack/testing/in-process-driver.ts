/**
 * @module The real OpenStack driver over the emulator in process (`emulator/testing/in-process.ts`):
 * its transport's exchange is the emulator's request loop, called directly (no `Request`/`Response`
 * objects, issue 14), so every call goes through the same
 * Keystone, Nova, Glance, Cinder and Neutron code as over HTTP, with no socket and no state file.
 * `calls` records each OpenStack call in order as `{ service, method, path }`, the path relative
 * to the service's versioned endpoint as the request functions spell it (`servers/detail`,
 * `volumes/<id>`, `auth/tokens`), without the query. Engine tests and benchmarks use it; pass a
 * `FakeClock` as `clock` and both the driver and the emulator's transitions run on it.
 */
import type { VimDriver } from '../../driver.ts';
import { inProcessEmulator, type InProcessEmulatorOptions } from '../../../../emulator/testing/in-process.ts';
import type { InProcessEmulator } from '../../../../emulator/emulator.ts';
import type { DirectResponse } from '../../../../emulator/http/server.ts';
import { emulatorConnector } from '../connector.ts';
import { serviceNames, type ServiceKind } from '../error-message.ts';
import { emptyStream, type ExchangeResponse, type HttpExchange } from '../http-exchange.ts';
import { createOpenStackDriver } from '../openstack-driver.ts';
import type { RetryPolicy } from '../retry-policy.ts';

export interface OpenStackCall {
  service: ServiceKind;
  method: string;
  path: string;
}

/** The OpenStack calls the driver made, in order. */
export class CallLog {
  #calls: OpenStackCall[] = [];

  record(call: OpenStackCall): void {
    this.#calls.push(call);
  }

  /** Every call since the last `clear()`, in order (a copy). */
  list(): OpenStackCall[] {
    return [...this.#calls];
  }

  /** How many calls match every field given, e.g. `{ method: 'GET', path: 'servers/detail' }`. */
  count(match: Partial<OpenStackCall> = {}): number {
    return this.#calls.filter((c) => Object.entries(match).every(([k, v]) => c[k as keyof OpenStackCall] === v)).length;
  }

  clear(): void {
    this.#calls = [];
  }
}

/**
 * `clock` drives both the driver (token expiry, retry backoff) and the emulator's transitions.
 * With an injected clock (a `FakeClock`) a call completes within promise callbacks, so one
 * `clock.advance()` carries a whole chain of calls. On the system clock (no `clock`) each call
 * answers in a later turn of the event loop, as over a socket: a caller polling in a loop whose
 * calls take longer than its interval would otherwise never let timers and I/O run.
 */
export interface InProcessDriverOptions extends InProcessEmulatorOptions {
  /** The VIM connector id (default `default_openstack_vim`). */
  id?: string;
  retryPolicy?: RetryPolicy;
  /** The most requests in flight (`vim.requests.inflight`; the driver's default when absent). */
  inFlight?: () => number;
}

export interface InProcessDriver {
  driver: VimDriver;
  calls: CallLog;
  emulator: InProcessEmulator;
  close(): Promise<void>;
}

export function inProcessDriver(opts: InProcessDriverOptions = {}): InProcessDriver {
  const { id, retryPolicy, inFlight, ...emulatorOpts } = opts;
  const emulator = inProcessEmulator(emulatorOpts);
  const calls = new CallLog();
  const recording: HttpExchange = async (req) => {
    const call = callOf(req.method, req.url);
    if (call) calls.record(call);
    if (!opts.clock) await laterTurn();
    return exchangeResponse(await emulator.call(req));
  };
  const driver = createOpenStackDriver(emulatorConnector(emulator.authUrl, id), {
    exchange: recording,
    ...(opts.clock && { clock: opts.clock }),
    ...(retryPolicy && { retryPolicy }),
    ...(inFlight && { inFlight }),
  });
  return {
    driver,
    calls,
    emulator,
    async close() {
      await driver.close();
      await emulator.close();
    },
  };
}

/** Lets timers and I/O run first, as a socket answer would. */
function laterTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `/<service>/<version>[/<project id>]/<path>` → the call (the emulator's devstack-style prefixes). */
function callOf(method: string, url: string): OpenStackCall | undefined {
  const m = /^\/([a-z]+)(?:\/v[\d.]+)?\/(.*)$/.exec(new URL(url).pathname);
  const service = m?.[1];
  if (!m || service === undefined || !(service in serviceNames)) return undefined;
  const path = service === 'volume' ? (m[2] ?? '').replace(/^[0-9a-f]{32}\//, '') : (m[2] ?? '');
  return { service: service as ServiceKind, method, path };
}

/** The emulator's answer as the transport reads it. */
function exchangeResponse(out: DirectResponse): ExchangeResponse {
  let lower: Map<string, string> | undefined;
  const payload = out.payload;
  return {
    status: out.status,
    header(name) {
      lower ??= new Map(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return lower.get(name.toLowerCase()) ?? null;
    },
    text: async () => payload?.toString('utf8') ?? '',
    stream: () => (payload?.length ? new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(payload)), c.close()) }) : emptyStream()),
  };
}
