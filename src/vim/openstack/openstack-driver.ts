/**
 * @module `VimDriver` over HTTP to a real OpenStack (or the emulator): Keystone, Nova, Glance,
 * Cinder and Neutron (IMPL-3). This file builds the transport and the project sessions and composes
 * one port per service (`<service>/<service>-port.ts`); each port binds its resources
 * (`resource.ts`) to the session of the call's scope. Wire shapes live in
 * `<service>/<resource>/wire.ts`, HTTP rules in `service-client.ts` and `http-transport.ts`.
 *
 * Idempotency (driver.ts): creates store their tag (server/volume/snapshot metadata `vnfm_tag`,
 * Neutron `description`, image property `vnfm_tag`) and `list*({ tag })` finds it; a creating POST
 * in doubt throws `VimError` kind `in-doubt` and is never replayed here.
 */
import type { Logger } from 'pino';
import { defaults } from '../../config/defaults.ts';
import { systemClock, type Clock } from '../../time/clock.ts';
import type { VimDriver } from '../driver.ts';
import { cinderBlockStoragePort } from './cinder/block-storage-port.ts';
import type { OpenStackConnectorConfig } from './connector.ts';
import { glanceImagePort } from './glance/image-port.ts';
import { fetchExchange, type HttpExchange } from './http-exchange.ts';
import type { Transport } from './http-transport.ts';
import { InFlightGate } from './in-flight-gate.ts';
import { keystoneIdentityPort } from './keystone/identity-port.ts';
import { neutronNetworkPort } from './neutron/network-port.ts';
import { novaComputePort } from './nova/compute-port.ts';
import { vimRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { ProjectSessions } from './session.ts';

export interface OpenStackDriverOptions {
  clock?: Clock;
  /** The HTTP exchange: tests and benchmarks pass the emulator's in-process door. */
  exchange?: HttpExchange;
  /** Without `exchange`: the `fetch` the exchange goes through (default the global one). */
  fetch?: typeof fetch;
  log?: Logger;
  /** Tests shorten the backoff; production uses `vimRetryPolicy`. */
  retryPolicy?: RetryPolicy;
  /** The most requests in flight to this VIM (`vim.requests.inflight`), read as each one starts. */
  inFlight?: () => number;
}

const defaultTimeoutMs = 30_000;
const defaultInFlight = Number(defaults['vim.requests.inflight']);

export function createOpenStackDriver(config: OpenStackConnectorConfig, opts: OpenStackDriverOptions = {}): VimDriver {
  const transport: Transport = {
    exchange: opts.exchange ?? fetchExchange(opts.fetch ?? globalThis.fetch),
    clock: opts.clock ?? systemClock,
    policy: opts.retryPolicy ?? vimRetryPolicy,
    timeoutMs: config.requestTimeoutMs ?? defaultTimeoutMs,
    gate: new InFlightGate(opts.inFlight ?? (() => defaultInFlight)),
    log: opts.log,
  };
  const sessions = new ProjectSessions(config, transport);
  return {
    id: config.id,
    type: 'OPENSTACK',
    ...keystoneIdentityPort(sessions),
    ...novaComputePort(sessions.client('nova')),
    ...glanceImagePort(sessions.client('glance')),
    ...cinderBlockStoragePort(sessions.client('cinder')),
    ...neutronNetworkPort(sessions.client('neutron')),
    async close() {
      sessions.clear();
    },
  };
}
