import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tenant, Vm, VmInterface } from './entities.ts';
import { vmPlacementOf, vmRefOf } from './vm-ref.ts';

const at = '2026-01-01T00:00:00.000Z';
const tenant: Tenant = { name: 'acme', id: 't-1', enabled: true, vimMapping: true, createdBy: 'api', createdAt: at };

function vm(interfaces: VmInterface[], extra: Partial<Vm> = {}): Vm {
  return {
    id: 'u1', deploymentId: 'd1', group: 'g', index: 0, name: 'dep_g_0_u1', vimName: 'custom-name',
    image: 'img', flavor: 'flv', state: 'VM_ALIVE_STATE', monitoring: false, interfaces, volumes: [],
    createdAt: at, updatedAt: at, ...extra,
  };
}

const nic = (extra: Partial<VmInterface>): VmInterface => ({ nicid: 0, network: 'net-name', model: 'virtio', type: 'virtual', portOwned: true, ...extra });

const networkCases: [string, Partial<VmInterface>, { network?: string; subnet?: string }][] = [
  ['names from the request before the VIM answers', { subnet: 'sub-name' }, { network: 'net-name', subnet: 'sub-name' }],
  ['the VIM ids once known', { subnet: 'sub-name', networkId: 'net-id', subnetId: 'sub-id' }, { network: 'net-id', subnet: 'sub-id' }],
  ['a network id with no subnet at all', { networkId: 'net-id' }, { network: 'net-id', subnet: undefined }],
];

for (const [what, given, expected] of networkCases) {
  test(`vmRefOf reports ${what}`, () => {
    const [ref] = vmRefOf(vm([nic(given)]), { vimId: 'vim' }).interfaces;
    assert.deepEqual({ network: ref!.network, subnet: ref!.subnet }, expected);
  });
}

test('vmRefOf: VIM server id, both names, host and every interface field', () => {
  const ref = vmRefOf(
    vm([nic({ portId: 'p', ipAddress: '10.0.0.5', macAddress: 'fa:16', netmask: '255.0.0.0', gateway: '10.0.0.1', model: 'e1000' })], {
      serverId: 'srv', hostId: 'h', hostname: 'compute-1',
    }),
    { vimId: 'vim', vimProject: 'proj', vimProjectId: 'pid' },
  );
  assert.deepEqual(ref, {
    vmId: 'srv', vmName: 'custom-name', generatedName: 'dep_g_0_u1', vimId: 'vim', vimProject: 'proj', vimProjectId: 'pid',
    hostId: 'h', hostname: 'compute-1',
    interfaces: [{
      nicid: 0, type: 'virtual', model: 'e1000', portId: 'p', network: 'net-name', subnet: undefined,
      ipAddress: '10.0.0.5', macAddress: 'fa:16', netmask: '255.0.0.0', gateway: '10.0.0.1',
    }],
  });
});

test("vmPlacementOf: the tenant's VIM project name, else the tenant's name", () => {
  assert.deepEqual(vmPlacementOf(tenant, 'vim'), { vimId: 'vim', vimProject: 'acme', vimProjectId: undefined });
  assert.deepEqual(vmPlacementOf({ ...tenant, vimProjectName: 'acme-prj', vimProjectId: 'pid' }, 'vim'), {
    vimId: 'vim', vimProject: 'acme-prj', vimProjectId: 'pid',
  });
});
