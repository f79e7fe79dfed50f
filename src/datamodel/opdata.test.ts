import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertGolden } from '../../test/golden.ts';
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { DeploymentView, Tenant, Vm } from '../domain/entities.ts';
import { parseDeploymentRequest } from './deployment-request.ts';
import { renderDeploymentOpdata, renderDeploymentsOpdata } from './opdata.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const { spec } = parseDeploymentRequest(readFileSync(fixture('deployment-request.xml'), 'utf8'), 'xml');
const at = '2026-01-01T00:00:00.000Z';

const acme: Tenant = {
  name: 'acme',
  id: '6d1c7f5e-0000-4000-8000-000000000001',
  enabled: true,
  vimMapping: true,
  vimProjectId: 'b2a3c4d5e6f7',
  createdBy: 'api',
  createdAt: at,
};

function vm(group: string, index: number, uuid: string, extra: Partial<Vm> = {}): Vm {
  const name = `chain-1_${group}_${index}_${uuid}`;
  return {
    id: uuid,
    deploymentId: 'dep-uuid-1',
    group,
    index,
    name,
    vimName: name,
    image: 'img',
    flavor: 'flv',
    state: 'VM_DEPLOYING_STATE',
    monitoring: true,
    interfaces: [],
    volumes: [],
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

function view(tenant: Tenant, name: string, id: string, vms: Vm[], depSpec: DeploymentSpec = spec): DeploymentView {
  return {
    tenant,
    deployment: {
      id,
      name,
      tenant: tenant.name,
      state: 'SERVICE_ACTIVE_STATE',
      spec: { ...depSpec, name },
      vimConnector: 'default',
      networks: [],
      createdAt: at,
      updatedAt: at,
    },
    vms,
  };
}

// Given out of order on purpose: groups follow the spec, VMs their index.
const chain = view(acme, 'chain-1', 'dep-uuid-1', [
  vm('web', 1, '3333', { state: 'VM_DEPLOYING_STATE' }),
  vm('CSR', 0, '1111', {
    serverId: 'srv-1111',
    hostId: 'host-abc',
    hostname: 'compute-1',
    state: 'VM_ALIVE_STATE',
    interfaces: [
      {
        nicid: 0,
        network: 'mgmt',
        networkId: 'net-mgmt',
        subnetId: 'sub-mgmt',
        portId: 'port-1',
        portOwned: true,
        ipAddress: '192.168.10.5',
        macAddress: 'fa:16:3e:aa:bb:cc',
        model: 'virtio',
        type: 'virtual',
        netmask: '255.255.255.0',
        gateway: '192.168.10.1',
      },
      { nicid: 1, network: 'chain-data', subnet: 'chain-data-v4', portOwned: true, model: 'e1000', type: 'virtual' },
    ],
  }),
  vm('web', 0, '2222', { serverId: 'srv-2222', state: 'VM_ALIVE_STATE' }),
]);

for (const format of ['xml', 'json'] as const) {
  test(`IMPL-1 one deployment's opdata in ${format} (golden): ids, addresses, service and VM states`, () => {
    assertGolden(fixture(`opdata-deployment.golden.${format}`), renderDeploymentOpdata(chain, format));
  });

  test(`IMPL-1 deployments of several tenants group under their tenants in ${format} (golden)`, () => {
    const other: Tenant = { ...acme, name: 'globex', id: 'globex-id', vimProjectId: undefined };
    const views = [
      view(acme, 'a1', 'id-a1', []),
      view(other, 'g1', 'id-g1', [vm('CSR', 0, '4444', { state: 'VM_ERROR_STATE' })]),
      view(acme, 'a2', 'id-a2', []),
    ];
    assertGolden(fixture(`opdata-deployments.golden.${format}`), renderDeploymentsOpdata(views, format));
  });
}

test('IMPL-1 no deployments: an empty tenant list (an array in JSON)', () => {
  assert.deepEqual(JSON.parse(renderDeploymentsOpdata([], 'json')), { esc_datamodel: { opdata: { tenants: { tenant: [] } } } });
});

test('IMPL-1 opdata leaves out unknown values instead of rendering them empty', () => {
  const xml = renderDeploymentOpdata(chain, 'xml');
  assert.doesNotMatch(xml, /<(\w+)>\s*<\/\1>|<(vm_id|host_id|hostname|port_id|interfaces)\/>/);
});

test('IMPL-1 a VM the VIM has not yet given an id is left out of vm_instance (keyed by vm_id) but keeps its state', () => {
  const json = JSON.parse(renderDeploymentOpdata(chain, 'json'));
  const [dep] = json.esc_datamodel.opdata.tenants.tenant[0].deployments;
  const web = dep.vm_group.find((g: { name: string }) => g.name === 'web');
  assert.deepEqual(web.vm_instance.map((i: { vm_id: string }) => i.vm_id), ['srv-2222']);
  assert.ok(dep.state_machine.vm_state_machines.vm_state_machine.some((m: { vm_name: string; state: string }) => m.vm_name === 'chain-1_web_1_3333' && m.state === 'VM_DEPLOYING_STATE'));
});
