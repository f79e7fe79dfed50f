/**
 * COMP-1 `kpi_event_ref`: a group whose dependency names a KPI event is built only once every VM of
 * the referenced group raised it TRUE (its occurrences at its poll frequency, read from the
 * emulator's guests); not raised within that group's bootup_time, the deploy fails naming it and
 * the dependant group is never built. A liveness event (VM_ALIVE) is met by being alive.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, test } from 'node:test';
import type { KpiSpec, VmGroupSpec } from '../../domain/deployment-spec.ts';
import { newVmRecords } from '../../domain/vm-records.ts';
import { deployment, spec, tenant } from '../../store/contract/fixtures.ts';
import { isoTime } from '../../time/clock.ts';
import { resolveRefs } from '../deployment/resolve.ts';
import { loadTarget } from '../deployment/target.ts';
import { op, vmGroup } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { buildVms } from './build.ts';
import { kpiEventsBefore } from './kpi-event-wait.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const dbReady: KpiSpec = {
  eventName: 'DB_READY',
  metricValue: '50',
  metricCond: 'GT',
  metricType: 'UINT32',
  metricOccurrencesTrue: 2,
  metricOccurrencesFalse: 1,
  metricCollector: { type: 'MEMORY', nicid: 0, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false },
};
const alive: KpiSpec = { ...dbReady, eventName: 'VM_ALIVE', metricValue: '1', metricCollector: { ...dbReady.metricCollector, type: 'ICMPPing' } };

/** Groups `db` (raises DB_READY) and `app` (waits for `event` of db), recorded, nothing built. */
async function chain(event: string, dbMemory: number) {
  world = await openVimWorld();
  const db: VmGroupSpec = vmGroup({ name: 'db', volumes: [], kpiData: { enabled: true, kpis: [alive, dbReady] } });
  const app: VmGroupSpec = vmGroup({ name: 'app', volumes: [] });
  const dep = deployment('d1', {
    name: 'dep',
    tenant: 't1',
    state: 'SERVICE_DEPLOYING_STATE',
    spec: { ...spec('dep'), policies: { dependencies: [{ target: 'app', dependsOn: [{ group: 'db', kpiEvent: event }] }], placement: [] }, networks: [], vmGroups: [db, app] },
    networks: [],
  });
  await world.temp.store.putTenant(tenant('t1', { vimMapping: false, vimProjectId: undefined, vimProjectName: undefined }));
  await world.temp.store.putDeployment(dep);
  for (const g of [db, app]) for (const vm of newVmRecords(dep, g, [0], isoTime(world.clock), randomUUID, [])) await world.temp.store.putVm(vm);
  const t = await loadTarget(world.engineDeps(), dep.id);
  const dbVm = t.vms.find((v) => v.group === 'db')!;
  world.vim.emulator.admin.setGuest({ serverName: dbVm.vimName, metrics: { memory: dbMemory } });
  const refs = await resolveRefs(t, dep.spec);
  const ctx = world.context(await op(world, 'op-deploy'));
  return { t, build: () => buildVms(ctx, world.engineDeps(), t, t.vms, refs) };
}

const servers = () => (world.vim.emulator.admin.dump().servers as unknown as { name: string }[]).map((s) => s.name.split('_')[1]);

test('COMP-1 a liveness kpi_event_ref is met by the group being alive; a metric one needs the event', async () => {
  const { t } = await chain('VM_ALIVE', 0);
  assert.deepEqual(kpiEventsBefore(t, 'app'), []);
  assert.deepEqual(kpiEventsBefore(t, 'db'), []);
  const withEvent = { deployment: { ...t.deployment, spec: { ...t.deployment.spec, policies: { dependencies: [{ target: 'app', dependsOn: [{ group: 'db', kpiEvent: 'DB_READY' }] }], placement: [] } } } };
  assert.deepEqual(kpiEventsBefore(withEvent, 'app').map((e) => `${e.group.name} ${e.kpi.eventName}`), ['db DB_READY']);
});

test('COMP-1 app is built after every db VM raised DB_READY TRUE (two polls above 50)', async () => {
  const { build } = await chain('DB_READY', 60);
  const started = world.clock.now();
  await world.runOut(build());
  assert.deepEqual(servers().sort(), ['app', 'db']);
  assert.ok(world.clock.now() - started >= 6_000, 'two polls of 3 s before app was built');
});

test('COMP-1 DB_READY never raised: the deploy fails after db bootup_time naming it, app never built', async () => {
  const { build } = await chain('DB_READY', 10);
  await assert.rejects(world.runOut(build()), { message: 'vm_group [app] waits for KPI event [DB_READY] of vm_group [db]: not raised TRUE within its bootup_time 10 s' });
  assert.deepEqual(servers(), ['db']);
});
