/**
 * Fixed tenants, specs and deployment views for the REST tests: every id and time is a constant so
 * rendered bodies are stable enough for golden files.
 */
import type { DeploymentSpec } from '../../../domain/deployment-spec.ts';
import type { DeploymentView, Tenant, Vm } from '../../../domain/entities.ts';
import type { ServiceState } from '../../../domain/states.ts';

const at = '2026-01-01T00:00:00.000Z';

export function sampleTenant(name: string): Tenant {
  return { name, id: `id-of-${name}`, enabled: true, vimMapping: true, vimProjectId: `project-of-${name}`, createdBy: 'api', createdAt: at };
}

export function sampleSpec(name: string): DeploymentSpec {
  return {
    name,
    policies: { dependencies: [], placement: [] },
    networks: [],
    vmGroups: [],
    extensions: [],
  };
}

export function sampleView(opts: { tenant: Tenant; spec: DeploymentSpec; state: ServiceState; vms?: Vm[] }): DeploymentView {
  return {
    tenant: opts.tenant,
    deployment: {
      id: `depid-of-${opts.spec.name}`,
      name: opts.spec.name,
      tenant: opts.tenant.name,
      state: opts.state,
      spec: opts.spec,
      vimConnector: 'default_openstack_vim',
      networks: [],
      createdAt: at,
      updatedAt: at,
    },
    vms: opts.vms ?? [],
  };
}

/** One alive VM of group `g1` with one interface, as opdata shows it. */
export function sampleVm(deploymentName: string): Vm {
  const uuid = '50521f93-0000-4000-8000-000000000001';
  return {
    id: uuid,
    deploymentId: `depid-of-${deploymentName}`,
    group: 'g1',
    index: 0,
    name: `${deploymentName}_g1_0_${uuid}`,
    vimName: `${deploymentName}_g1_0_${uuid}`,
    serverId: 'b1a6d5f0-0000-4000-8000-0000000000aa',
    hostId: 'host-1',
    hostname: 'compute-1',
    image: 'cirros',
    flavor: 'm1.tiny',
    state: 'VM_ALIVE_STATE',
    monitoring: true,
    interfaces: [
      {
        nicid: 0,
        network: 'net-a',
        networkId: 'c0ffee00-0000-4000-8000-0000000000bb',
        portId: 'a0a0a0a0-0000-4000-8000-0000000000cc',
        portOwned: true,
        ipAddress: '10.0.0.5',
        macAddress: 'fa:16:3e:00:00:01',
        model: 'virtio',
        type: 'virtual',
      },
    ],
    volumes: [],
    createdAt: at,
    updatedAt: at,
  };
}
