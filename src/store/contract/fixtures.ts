/**
 * Entity builders for the store contract: complete, realistic objects with every optional field
 * present unless the caller removes it, so a round trip that drops or invents a field fails.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import type { Deployment, Tenant, Vm } from '../../domain/entities.ts';
import type { DomainEvent, VmRef } from '../../domain/event.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import type { Snapshot } from '../../domain/snapshot.ts';
import type { OutboxMessage, Store } from '../store.ts';

export type OpenStore = () => Promise<Store>;

/** Opens a fresh store, runs `body`, closes the store whatever happens. */
export async function withStore(open: OpenStore, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

const at = '2024-05-01T10:00:00.000Z';

export function tenant(name: string, more: Partial<Tenant> = {}): Tenant {
  return {
    name,
    id: `id-${name}`,
    description: `tenant ${name}`,
    enabled: true,
    vimMapping: true,
    vimProjectId: `project-${name}`,
    vimProjectName: name,
    createdBy: 'api',
    createdAt: at,
    ...more,
  };
}

export function spec(name: string): DeploymentSpec {
  return {
    name,
    policies: { dependencies: [{ target: 'g2', dependsOn: [{ group: 'g1', kpiEvent: 'VM_ALIVE' }] }], placement: [] },
    networks: [
      {
        name: 'net-a',
        shared: false,
        adminState: true,
        subnets: [{ name: 'sub-a', ipVersion: 'ipv4', dhcp: true, address: '10.0.0.0', netmask: '255.255.255.0' }],
      },
    ],
    vmGroups: [
      {
        name: 'g1',
        image: 'img',
        flavor: 'm1.small',
        bootupTime: 600,
        recoveryWaitTime: 30,
        interfaces: [{ nicid: 0, network: 'net-a', model: 'virtio', type: 'virtual', securityGroups: ['default'] }],
        scaling: { minActive: 1, maxActive: 2, elastic: true, staticIpAddressPools: [] },
        kpiData: { enabled: false, kpis: [] },
        rules: { adminRules: [], userRules: [] },
        configData: [{ dst: 'day0.txt', data: 'hostname $NAME', variables: [{ name: 'NAME', values: ['a', 'b'] }] }],
        volumes: [],
        placement: [],
        extensions: [],
      },
    ],
    extensions: [{ name: 'x', properties: [{ name: 'k', value: 'v' }] }],
  };
}

export function deployment(id: string, more: Partial<Deployment> = {}): Deployment {
  const name = more.name ?? `dep-${id}`;
  return {
    id,
    name,
    tenant: 't1',
    state: 'SERVICE_ACTIVE_STATE',
    spec: spec(name),
    vimConnector: 'default_openstack_vim',
    networks: [{ name: 'net-a', vimName: `${name}-net-a`, networkId: 'n-1', subnets: [{ name: 'sub-a' }] }],
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

export function vm(id: string, deploymentId: string, more: Partial<Vm> = {}): Vm {
  const group = more.group ?? 'g1';
  const index = more.index ?? 0;
  const name = `${deploymentId}_${group}_${index}_${id}`;
  return {
    id,
    deploymentId,
    group,
    index,
    name,
    vimName: name,
    serverId: `server-${id}`,
    hostId: 'host-1',
    hostname: 'compute-1',
    image: 'img',
    flavor: 'm1.small',
    state: 'VM_ALIVE_STATE',
    monitoring: true,
    interfaces: [
      {
        nicid: 0,
        network: 'net-a',
        networkId: 'n-1',
        portId: 'p-1',
        portOwned: true,
        ipAddress: '10.0.0.5',
        model: 'virtio',
        type: 'virtual',
      },
    ],
    volumes: [{ name: 'vol', volumeId: 'v-1', bootable: true, bootIndex: 0, owned: true }],
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

export function operation(id: string, more: Partial<Operation> = {}): Operation {
  return {
    id,
    kind: 'deploy',
    tenant: 't1',
    deploymentId: 'd1',
    deploymentName: 'dep-d1',
    status: 'RUNNING',
    input: { deployment: { name: 'dep-d1', groups: [1, 2, null], ok: true } },
    notify: { completionUrl: 'http://cb/done', eventsUrl: 'http://cb/events', format: 'json' },
    resumes: 0,
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

export function step(operationId: string, seq: number, more: Partial<StepRecord> = {}): StepRecord {
  return { operationId, seq, name: `step-${seq}`, status: 'done', output: { serverId: 's-1' }, at, ...more };
}

export function vmRef(generatedName: string): VmRef {
  return {
    vmId: `server-${generatedName}`,
    vmName: generatedName,
    generatedName,
    vimId: 'default_openstack_vim',
    vimProject: 'p',
    interfaces: [{ nicid: 0, type: 'virtual', network: 'net-a', ipAddress: '10.0.0.5' }],
  };
}

export function event(id: string, more: Partial<DomainEvent> = {}): DomainEvent {
  return {
    id,
    time: at,
    type: 'VM_DEPLOYED',
    status: 'SUCCESS',
    statusCode: 200,
    statusMessage: 'VM Deployed',
    operationId: 'op-1',
    tenant: 't1',
    deploymentName: 'dep-d1',
    deploymentId: 'd1',
    vmGroup: 'g1',
    vmSource: vmRef('dep-d1_g1_0_a'),
    ...more,
  };
}

export function snapshot(id: string, more: Partial<Snapshot> = {}): Snapshot {
  return {
    id,
    name: `snap-${id}`,
    status: 'available',
    statusMessage: 'Snapshot image for VM [dep-d1_g1_0_a] is active.',
    creationStart: at,
    creationEnd: '2024-05-01T10:01:00.000Z',
    operationId: 'op-1',
    tenant: 't1',
    vimProjectId: 'project-t1',
    vimProject: 't1',
    deploymentName: 'dep-d1',
    deploymentId: 'd1',
    vmGroup: 'g1',
    vmName: 'dep-d1_g1_0_a',
    vimVmName: 'dep-d1_g1_0_a',
    vmId: 'a',
    serverId: 'srv-a',
    hostId: 'host-id',
    hostname: 'host-1',
    vimConnector: 'default_openstack_vim',
    scopeProjectId: 'project-t1',
    imageId: `img-${id}`,
    volumeSnapshots: [{ id: `vs-${id}`, volumeId: 'vol-a', name: `snapshot for snap-${id}` }],
    ...more,
  };
}

export function message(id: string, more: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    url: 'http://cb/events',
    headers: { 'Content-Type': 'application/json', 'ESC-Event-Id': id },
    body: `{"event":"${id}"}`,
    attempts: 0,
    nextAttemptAt: 1000,
    createdAt: at,
    ...more,
  };
}

/** `obj` without the named optional fields. */
export function without<T extends object, K extends keyof T>(obj: T, ...keys: K[]): T {
  const copy = { ...obj };
  for (const key of keys) delete copy[key];
  return copy;
}
