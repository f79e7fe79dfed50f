/**
 * Chooses the default VIM connector, as OpenStack users expect (README "Pointing it at OpenStack"):
 * 1. `OS_CLOUD` names a cloud in clouds.yaml, or `OS_AUTH_URL` (with the other `OS_*` variables)
 *    names a cloud — unless that cloud is the embedded emulator's own address — then that cloud
 *    is the default VIM and no emulator starts;
 * 2. otherwise the embedded OpenStack emulator starts (state in the data folder, so it outlives a
 *    crash of the manager) and the OpenStack driver drives it over real HTTP, as `admin`/`admin`;
 * 3. except with a PostgreSQL store (issue 15 item 5): several managers share it, so the VIM must
 *    outlive each of them and be the same for all — a cloud, or `npm run emulator` on its own
 *    (at whatever address, the embedded one's included). No cloud named is a start-up error.
 * The liveness mode follows: `emulator` with the emulator, `vim` with a real cloud, unless set;
 * guest metrics (KPI collectors, IMPL-2) come from the emulator's guests, and from nowhere on a real cloud.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { errors } from '../domain/errors.ts';
import { isLoopbackHost } from '../domain/listen-policy.ts';
import type { Liveness, MetricSource } from '../engine/deployment/deps.ts';
import { emulatorMetrics, noMetrics } from '../monitor/collectors.ts';
import { livenessFor } from '../monitor/liveness.ts';
import type { Clock } from '../time/clock.ts';
import type { VimDriver } from '../vim/driver.ts';
import { connectorFromCloudsYaml, connectorFromEnv, emulatorConnector, type OpenStackConnectorConfig } from '../vim/openstack/connector.ts';
import { createOpenStackDriver } from '../vim/openstack/openstack-driver.ts';
import { startEmulator, type Emulator } from '../../emulator/emulator.ts';
import type { Logger } from 'pino';

export interface DefaultVim {
  driver: VimDriver;
  liveness: Liveness;
  metrics: MetricSource;
  emulator?: Emulator;
}

export async function startDefaultVim(o: { config: Config; env: NodeJS.ProcessEnv; dataDir: string; clock: Clock; log: Logger; sharedDatabase: boolean }): Promise<DefaultVim> {
  const emulatorAuthUrl = `http://${o.config.string('emulator.host')}:${o.config.string('emulator.port')}/identity/v3`;
  const external = externalCloud(o.env);
  const requestTimeoutMs = o.config.number('vim.request.timeout.secs') * 1000;
  const inFlight = () => o.config.number('vim.requests.inflight');
  const mode = o.env.VNFM_LIVENESS || o.config.string('liveness.mode');
  if (external && (o.sharedDatabase || stripSlash(external.authUrl) !== stripSlash(emulatorAuthUrl))) {
    const driver = createOpenStackDriver({ ...external, requestTimeoutMs }, { clock: o.clock, log: o.log, inFlight });
    return { driver, liveness: livenessFor(mode || 'vim'), metrics: noMetrics };
  }
  if (o.sharedDatabase) throw errors.emulatorWithSharedDatabase();
  // Issue 13 item 4: the emulator's admin API (/_emulator) has no authentication, so only this machine may reach it.
  if (!isLoopbackHost(o.config.string('emulator.host'))) throw errors.emulatorHostNotLoopback(o.config.string('emulator.host'));
  const emulator = await startEmulator({
    host: o.config.string('emulator.host'),
    port: o.config.number('emulator.port'),
    stateFile: join(o.dataDir, 'emulator', 'state.json'),
    clock: o.clock,
  });
  const driver = createOpenStackDriver({ ...emulatorConnector(emulator.authUrl), requestTimeoutMs }, { clock: o.clock, log: o.log, inFlight });
  o.log.info({ authUrl: emulator.authUrl }, 'embedded OpenStack emulator started as the default VIM');
  return { driver, liveness: livenessFor(mode || 'emulator', emulator.url), metrics: emulatorMetrics(emulator.url), emulator };
}

function externalCloud(env: NodeJS.ProcessEnv): OpenStackConnectorConfig | undefined {
  if (env.OS_CLOUD) return connectorFromCloudsYaml(undefined, env.OS_CLOUD);
  if (env.OS_AUTH_URL) return connectorFromEnv(env);
  return undefined;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
