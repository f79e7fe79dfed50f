/** Store contract, entities: tenants, deployments, VMs, operations and steps (IMPL-4). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { deployment, operation, step, tenant, vm, without, withStore, type OpenStore } from './fixtures.ts';

const names = <T extends { name: string }>(list: T[]) => list.map((x) => x.name);
const ids = <T extends { id: string }>(list: T[]) => list.map((x) => x.id);

export function entityCases(open: OpenStore): void {
  describe('tenants', () => {
    test('IMPL-4 round trip with optional fields present and absent', () =>
      withStore(open, async (store) => {
        const full = tenant('t1');
        const bare = without(tenant('t2', { vimMapping: false }), 'description', 'vimProjectId', 'vimProjectName');
        await store.putTenant(full);
        await store.putTenant(bare);
        assert.deepStrictEqual(await store.getTenant('t1'), full);
        assert.deepStrictEqual(await store.getTenant('t2'), bare);
        assert.equal(await store.getTenant('nope'), undefined);
      }));

    test('put replaces by name in place; delete removes; list pages in creation order', () =>
      withStore(open, async (store) => {
        for (const n of ['a', 'b', 'c', 'd']) await store.putTenant(tenant(n));
        await store.putTenant(tenant('a', { enabled: false }));
        assert.equal((await store.getTenant('a'))?.enabled, false);
        assert.deepEqual(names(await store.listTenants()), ['a', 'b', 'c', 'd']);
        assert.deepEqual(names(await store.listTenants({ limit: 2, offset: 1 })), ['b', 'c']);
        assert.deepEqual(names(await store.listTenants({ offset: 3 })), ['d']);
        await store.deleteTenant('b');
        await store.deleteTenant('absent');
        assert.deepEqual(names(await store.listTenants()), ['a', 'c', 'd']);
      }));

    test('a negative or fractional page is INVALID_INPUT', () =>
      withStore(open, async (store) => {
        await assert.rejects(store.listTenants({ limit: -1 }), (e) => isDomainError(e, 'INVALID_INPUT'));
        await assert.rejects(store.listTenants({ offset: 1.5 }), (e) => isDomainError(e, 'INVALID_INPUT'));
      }));
  });

  describe('deployments', () => {
    test('IMPL-4 round trip of the whole deployment, spec included; by id and by name', () =>
      withStore(open, async (store) => {
        const d = deployment('d1');
        await store.putDeployment(d);
        assert.deepStrictEqual(await store.getDeployment('d1'), d);
        assert.deepStrictEqual(await store.getDeploymentByName('dep-d1'), d);
        assert.equal(await store.getDeployment('dep-d1'), undefined);
        assert.equal(await store.getDeploymentByName('d1'), undefined);
      }));

    test('a deployment reads back with its keys in the order written (its spec is compared as text: the running config)', () =>
      withStore(open, async (store) => {
        const d = deployment('d1');
        await store.putDeployment(d);
        assert.equal(JSON.stringify(await store.getDeployment('d1')), JSON.stringify(d));
        assert.equal(JSON.stringify((await store.listDeployments())[0]), JSON.stringify(d));
      }));

    test('put updates in place, renaming included; a name taken by another id is ALREADY_EXISTS', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        await store.putDeployment(deployment('d2'));
        await store.putDeployment(deployment('d1', { name: 'renamed', state: 'SERVICE_ERROR_STATE' }));
        assert.equal((await store.getDeploymentByName('renamed'))?.state, 'SERVICE_ERROR_STATE');
        assert.equal(await store.getDeploymentByName('dep-d1'), undefined);
        assert.deepEqual(ids(await store.listDeployments()), ['d1', 'd2']);
        await assert.rejects(store.putDeployment(deployment('d3', { name: 'dep-d2' })), (e) =>
          isDomainError(e, 'ALREADY_EXISTS'),
        );
      }));

    test('list and count filter by tenant and page in creation order', () =>
      withStore(open, async (store) => {
        for (let i = 0; i < 6; i++) await store.putDeployment(deployment(`d${i}`, { tenant: i % 2 ? 'odd' : 'even' }));
        assert.deepEqual(ids(await store.listDeployments({ tenant: 'odd' })), ['d1', 'd3', 'd5']);
        assert.deepEqual(ids(await store.listDeployments({ tenant: 'even', limit: 2, offset: 1 })), ['d2', 'd4']);
        assert.deepEqual(ids(await store.listDeployments({ limit: 2 })), ['d0', 'd1']);
        assert.equal(await store.countDeployments(), 6);
        assert.equal(await store.countDeployments({ tenant: 'odd' }), 3);
        assert.equal(await store.countDeployments({ tenant: 'none' }), 0);
      }));

    test('delete removes the deployment and its VMs', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        await store.putDeployment(deployment('d2'));
        await store.putVm(vm('v1', 'd1'));
        await store.putVm(vm('v2', 'd2'));
        await store.deleteDeployment('d1');
        await store.deleteDeployment('absent');
        assert.equal(await store.getDeployment('d1'), undefined);
        assert.equal(await store.getVm('v1'), undefined);
        assert.deepEqual(ids(await store.listVms()), ['v2']);
      }));
  });

  describe('vms', () => {
    test('IMPL-4 round trip with optional fields present and absent; by id and generated name', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        const full = vm('v1', 'd1');
        const bare = without(vm('v2', 'd1', { index: 1, volumes: [] }), 'serverId', 'hostId', 'hostname');
        bare.interfaces = [{ nicid: 0, network: 'net-a', portOwned: false, model: 'virtio', type: 'virtual' }];
        await store.putVm(full);
        await store.putVm(bare);
        assert.deepStrictEqual(await store.getVm('v1'), full);
        assert.deepStrictEqual(await store.getVm('v2'), bare);
        assert.deepStrictEqual(await store.getVmByName(full.name), full);
        assert.equal(await store.getVmByName('nope'), undefined);
      }));

    test('list filters by deployment and group and pages in creation order', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        await store.putDeployment(deployment('d2'));
        const spread = [
          ['a', 'd1', 'g1'],
          ['b', 'd2', 'g1'],
          ['c', 'd1', 'g2'],
          ['d', 'd1', 'g1'],
          ['e', 'd1', 'g2'],
        ] as const;
        for (const [id, dep, group] of spread) await store.putVm(vm(id, dep, { group }));
        assert.deepEqual(ids(await store.listVms({ deploymentId: 'd1' })), ['a', 'c', 'd', 'e']);
        assert.deepEqual(ids(await store.listVms({ deploymentId: 'd1', group: 'g2' })), ['c', 'e']);
        assert.deepEqual(ids(await store.listVms({ group: 'g1' })), ['a', 'b', 'd']);
        assert.deepEqual(ids(await store.listVms({ deploymentId: 'd1', limit: 2, offset: 1 })), ['c', 'd']);
        assert.deepEqual(ids(await store.listVms()), ['a', 'b', 'c', 'd', 'e']);
        assert.deepEqual(ids(await store.listVms({ deploymentIds: ['d2', 'd1'] })), ['a', 'c', 'd', 'e', 'b']);
        assert.deepEqual(ids(await store.listVms({ deploymentIds: ['d2', 'nope'] })), ['b']);
        assert.deepEqual(ids(await store.listVms({ deploymentIds: ['d1', 'd2'], group: 'g2' })), ['c', 'e']);
        assert.deepEqual(ids(await store.listVms({ deploymentIds: [] })), []);
      }));

    test('put updates in place; delete removes; a VM of a missing deployment is NOT_FOUND', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        await store.putVm(vm('v1', 'd1'));
        await store.putVm(vm('v2', 'd1', { index: 1 }));
        await store.putVm(vm('v1', 'd1', { state: 'VM_SHUTOFF_STATE' }));
        assert.equal((await store.getVm('v1'))?.state, 'VM_SHUTOFF_STATE');
        assert.deepEqual(ids(await store.listVms()), ['v1', 'v2']);
        await store.deleteVm('v1');
        await store.deleteVm('absent');
        assert.deepEqual(ids(await store.listVms()), ['v2']);
        await assert.rejects(store.putVm(vm('v3', 'ghost')), (e) => isDomainError(e, 'NOT_FOUND'));
      }));

    test('a generated name already used by another VM is ALREADY_EXISTS', () =>
      withStore(open, async (store) => {
        await store.putDeployment(deployment('d1'));
        await store.putVm(vm('v1', 'd1'));
        const clash = { ...vm('v2', 'd1'), name: vm('v1', 'd1').name };
        await assert.rejects(store.putVm(clash), (e) => isDomainError(e, 'ALREADY_EXISTS'));
      }));
  });

  describe('operations and steps', () => {
    test('IMPL-4 operation round trip, optional fields absent; upsert; list by status and deployment', () =>
      withStore(open, async (store) => {
        const bare = without(operation('o1', { kind: 'tenant.create' }), 'deploymentId', 'deploymentName');
        await store.putOperation(bare);
        await store.putOperation(operation('o2'));
        await store.putOperation(operation('o3', { deploymentId: 'd2' }));
        assert.deepStrictEqual(await store.getOperation('o1'), bare);
        const done = operation('o2', { status: 'FAILED', error: 'boom', finishedAt: '2024-05-01T11:00:00.000Z' });
        await store.putOperation(done);
        assert.deepStrictEqual(await store.getOperation('o2'), done);
        assert.equal(await store.getOperation('nope'), undefined);
        assert.deepEqual(ids(await store.listOperations({ status: 'RUNNING' })), ['o1', 'o3']);
        assert.deepEqual(ids(await store.listOperations({ deploymentId: 'd1' })), ['o2']);
        assert.deepEqual(ids(await store.listOperations({ status: 'RUNNING', deploymentId: 'd2' })), ['o3']);
        assert.deepEqual(ids(await store.listOperations({ limit: 1, offset: 1 })), ['o2']);
      }));

    test('steps read back in seq order; a step is written once (ALREADY_EXISTS); needs its operation', () =>
      withStore(open, async (store) => {
        await store.putOperation(operation('o1'));
        await store.putOperation(operation('o2'));
        const failed = without(step('o1', 2, { status: 'failed', error: 'VIM said no' }), 'output');
        await store.recordStep(failed);
        await store.recordStep(step('o1', 1));
        await store.recordStep(step('o2', 1));
        assert.deepStrictEqual(await store.getSteps('o1'), [step('o1', 1), failed]);
        assert.deepStrictEqual(await store.getSteps('none'), []);
        await assert.rejects(store.recordStep(step('o1', 1, { name: 'other' })), (e) =>
          isDomainError(e, 'ALREADY_EXISTS'),
        );
        assert.deepStrictEqual(await store.getSteps('o1'), [step('o1', 1), failed]);
        await assert.rejects(store.recordStep(step('ghost', 1)), (e) => isDomainError(e, 'NOT_FOUND'));
      }));
  });
}
