/**
 * Figures for the "Real OpenStack in CI" closing note (IMPL-3), a script rather than a test
 * (it checks nothing; it measures): the same 2-group deployment deployed, stopped, started,
 * rebooted and undeployed by a manager on the real rig and on the embedded emulator, with the
 * wall time of each operation (request to completion callback) and the VIM HTTP requests it made,
 * counted by wrapping the driver's fetch. Both managers poll once a second (`realSettings`).
 * Counts include the background VIM liveness polls made during the operation.
 *
 *   npx node test/openstack-real/figures.ts
 */
import { randomBytes } from 'node:crypto';
import { startEmulator } from '../../emulator/emulator.ts';
import { connectorFromEnv, type OpenStackConnectorConfig } from '../../src/vim/openstack/connector.ts';
import { createOpenStackDriver } from '../../src/vim/openstack/openstack-driver.ts';
import { rawCloud } from './cloud.ts';
import { realDeploymentXml, RealSession, serviceOperation, twoGroupXml } from './real-manager.ts';
import { readOpenrc } from './rig.ts';

interface Figure {
  op: string;
  seconds: number;
  calls: number;
  status: string;
}

async function measure(env: Record<string, string>, connector: OpenStackConnectorConfig, xml: (tenant: string) => string): Promise<Figure[]> {
  let calls = 0;
  const counting: typeof fetch = (input, init) => {
    calls++;
    return fetch(input, init);
  };
  const vim = createOpenStackDriver({ ...connector, requestTimeoutMs: 120_000 }, { fetch: counting });
  const tenant = `ovnfm-fig-${randomBytes(3).toString('hex')}`;
  const s = await RealSession.start(await rawCloud(env), { vim, env: { VNFM_LIVENESS: 'vim' } });
  const figures: Figure[] = [];
  const step = async (op: string, method: string, path: string, accepted: number, body?: string) => {
    calls = 0;
    const started = performance.now();
    const { done } = await s.run(method, path, accepted, body);
    figures.push({ op, seconds: Math.round((performance.now() - started) / 100) / 10, calls, status: String(done.headers['esc-status-code']) });
  };
  try {
    await step('deploy (to SERVICE_ALIVE)', 'POST', '/deployments/shop', 201, xml(tenant));
    for (const op of ['stop', 'start', 'reboot'] as const) await step(op, 'POST', `/${tenant}/deployments/service/shop`, 200, serviceOperation(op));
    await step('undeploy', 'DELETE', '/deployments/shop', 200);
  } finally {
    await s.close(tenant);
  }
  return figures;
}

const real = readOpenrc();
const realFigures = await measure(real, connectorFromEnv(real), realDeploymentXml);
const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
const emulatorEnv = { OS_AUTH_URL: emulator.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: 'admin', OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionOne' };
let emulatorFigures: Figure[];
try {
  emulatorFigures = await measure(emulatorEnv, connectorFromEnv(emulatorEnv), twoGroupXml);
} finally {
  await emulator.close();
}

console.log('===== FIGURES: 2-group deployment (db + volume, 2 web), real rig vs embedded emulator =====');
console.log('operation                  | real s | real VIM calls | emulator s | emulator VIM calls | status real/emu');
realFigures.forEach((r, i) => {
  const e = emulatorFigures[i]!;
  console.log(`${r.op.padEnd(26)} | ${String(r.seconds).padStart(6)} | ${String(r.calls).padStart(14)} | ${String(e.seconds).padStart(10)} | ${String(e.calls).padStart(18)} | ${r.status}/${e.status}`);
});
console.log('===== END FIGURES =====');
