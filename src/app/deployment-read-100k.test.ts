/**
 * IMPL-1 at scale: `GET /deployments/{id}` of a deployment with 100,000 VM records answers 200 in XML
 * and in JSON. The REST server is built as the northbound tests build it, over the real parts
 * composed as `manager.ts` composes them — the engine, a SQLite store in a temp directory, the
 * event bus, the poller, the OpenStack driver — except that the store is seeded directly (one
 * transaction) and the driver's transport refuses every call: a read must never reach the VIM.
 * It lives in the composition root's room because only this room may wire the real engine.
 */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Config } from '../config/config.ts';
import type { Vm } from '../domain/entities.ts';
import { vimLiveness } from '../monitor/liveness.ts';
import { noMetrics } from '../monitor/collectors.ts';
import { kpiReader } from '../engine/deployment/kpi-reader.ts';
import { Engine } from '../engine/engine.ts';
import { Poller } from '../engine/runtime/poller.ts';
import { EventBus } from '../events/bus.ts';
import { fileExportSink } from '../exports/file-export-sink.ts';
import { openTempStore, type TempStore } from '../events/testing/temp-store.ts';
import { Metrics } from '../northbound/rest/metrics.ts';
import { buildRestServer } from '../northbound/rest/server.ts';
import { adminAndCredentials, api, settingsOver } from '../northbound/rest/testing/harness.ts';
import { sampleSpec, sampleTenant, sampleView, sampleVm } from '../northbound/rest/testing/sample-views.ts';
import { systemClock } from '../time/clock.ts';
import { createOpenStackDriver } from '../vim/openstack/openstack-driver.ts';
import { VimConnectors } from './vim-connectors.ts';

const vmCount = 100_000;
const name = 'dep-100k';

let temp: TempStore;
let engine: Engine;
let app: FastifyInstance;
const vimCalls: string[] = [];

before(async () => {
  temp = await openTempStore();
  const { store } = temp;
  const config = new Config();
  const log = pino({ enabled: false });
  const clock = systemClock;
  const vim = createOpenStackDriver(
    {
      id: 'default_openstack_vim', authUrl: 'http://vim.invalid/identity/v3', username: 'u', password: 'p',
      projectName: 'p', projectDomainName: 'Default', userDomainName: 'Default',
    },
    {
      clock,
      fetch: async (input) => {
        vimCalls.push(String(input));
        throw new Error('a read must not reach the VIM');
      },
    },
  );
  engine = new Engine({
    store,
    vims: new VimConnectors(vim),
    bus: new EventBus({ store, clock, log }),
    clock,
    config,
    log,
    poller: new Poller({ clock, config, log }),
    liveness: vimLiveness,
    kpis: kpiReader(vimLiveness, noMetrics),
    exports: fileExportSink({ config, dataDir: tmpdir() }), // never written: reads only
    day0Fetch: async () => assert.fail('a read must not fetch day-0 templates'),
  });
  app = await buildRestServer({ engine, config, settings: settingsOver(config), logger: false, metrics: new Metrics({ processMetrics: false }), ...(await adminAndCredentials()) });

  const tenant = sampleTenant('tenant-big');
  const { deployment } = sampleView({ tenant, spec: sampleSpec(name), state: 'SERVICE_ACTIVE_STATE' });
  const template = sampleVm(name);
  await store.transaction(async (tx) => {
    await tx.putTenant(tenant);
    await tx.putDeployment(deployment);
    for (let index = 0; index < vmCount; index++) await tx.putVm(vmNumber(template, index));
  });
});

after(async () => {
  await app?.close();
  await engine?.stop();
  await temp?.dispose();
});

/** VM `index` of the group: its own id, name, server and address. */
function vmNumber(template: Vm, index: number): Vm {
  const uuid = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  const generated = `${name}_g1_${index}_${uuid}`;
  const [nic] = template.interfaces;
  return {
    ...template,
    id: uuid,
    index,
    name: generated,
    vimName: generated,
    serverId: `server-${uuid}`,
    interfaces: [{ ...nic!, portId: `port-${uuid}`, ipAddress: `10.${index >> 16}.${(index >> 8) & 255}.${index & 255}` }],
  };
}

const last = vmCount - 1;
const lastUuid = `00000000-0000-4000-8000-${last.toString(16).padStart(12, '0')}`;

test('IMPL-1 GET /deployments/{id} of 100,000 VM records answers 200 in XML: every VM, in index order', async () => {
  const res = await app.inject({ method: 'GET', url: api(`/deployments/${name}`), headers: { accept: 'application/xml' } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(String(res.headers['content-type']), /^application\/xml/);
  assert.equal(res.body.split('<vm_instance>').length - 1, vmCount);
  assert.equal(res.body.split('<vm_state_machine>').length - 1, vmCount);
  const lastInstance = res.body.lastIndexOf('<vm_instance>');
  assert.match(res.body.slice(lastInstance, lastInstance + 300), new RegExp(`<vm_id>server-${lastUuid}</vm_id>`));
  assert.ok(res.body.endsWith('</esc_datamodel>\n'));
  assert.deepEqual(vimCalls, []);
});

test('IMPL-1 GET /deployments/{id} of 100,000 VM records answers 200 in JSON: every VM, in index order', async () => {
  const res = await app.inject({ method: 'GET', url: api(`/deployments/${name}`), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const [dep] = JSON.parse(res.body).esc_datamodel.opdata.tenants.tenant[0].deployments;
  const instances = dep.vm_group[0].vm_instance as { vm_id: string; interfaces: { interface: { ip_address: string }[] } }[];
  assert.equal(instances.length, vmCount);
  assert.equal(instances[last]!.vm_id, `server-${lastUuid}`);
  assert.equal(instances[last]!.interfaces.interface[0]!.ip_address, `10.1.134.159`);
  assert.equal(dep.state_machine.vm_state_machines.vm_state_machine.length, vmCount);
  assert.deepEqual(vimCalls, []);
});
