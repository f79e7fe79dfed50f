/**
 * What the manager keeps about tenants, deployments and VMs: the recorded, observed side of each
 * object (VIM ids, addresses, states). The desired side is `DeploymentSpec`.
 */
import type { DeploymentSpec } from './deployment-spec.ts';
import type { ServiceState, VmState } from './states.ts';

export interface Tenant {
  /** The northbound name (`internal_tenant_id`), unique. */
  name: string;
  /** Our own id for the tenant (uuid). */
  id: string;
  description?: string;
  enabled: boolean;
  /** False: the tenant lives only in the manager and deploys into the connector's own project. */
  vimMapping: boolean;
  /** The VIM project the tenant maps to (`external_tenant_id`, `vim_project_id`). */
  vimProjectId?: string;
  vimProjectName?: string;
  /** `api` when created through the tenants API; `deployment` when a deploy created it (unified deployment). */
  createdBy: 'api' | 'deployment';
  createdAt: string;
}

export interface Deployment {
  /** Internal deployment id (`deployment_id` in opdata, `depid` in events): a uuid. */
  id: string;
  /** The northbound name (`internal_deployment_id` in the REST path). */
  name: string;
  tenant: string;
  state: ServiceState;
  /** The spec last requested (deploy, update, restore). */
  spec: DeploymentSpec;
  /** Set while the last update has not succeeded: the spec applied in full before it, which the next update is planned from (`update-base.ts`). */
  lastAppliedSpec?: DeploymentSpec;
  /** VIM connector the deployment lives on. */
  vimConnector: string;
  /** Ephemeral networks created for the deployment: spec name → VIM ids. */
  networks: DeploymentNetwork[];
  /** Nova server groups made for its placement policies (`placement.ts`); absent on older records. */
  serverGroups?: DeploymentServerGroup[];
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentNetwork {
  name: string;
  vimName: string;
  networkId?: string;
  subnets: { name: string; subnetId?: string }[];
}

export interface DeploymentServerGroup {
  /** `ServerGroupPlan.key`. */
  key: string;
  serverGroupId: string;
}

export interface Vm {
  /** The uuid part of the generated name; our id of the VM. */
  id: string;
  deploymentId: string;
  group: string;
  index: number;
  /** Generated name `<deployment>_<group>_<index>_<uuid>` (see `vm-name.ts`). */
  name: string;
  /** Server name on the VIM (the generated name unless the group sets `vim_vm_name`). */
  vimName: string;
  /** Nova server id, once known. */
  serverId?: string;
  hostId?: string;
  hostname?: string;
  /** The image the VM is (or will next be) built from; changed by a restore update (REST-1). */
  image: string;
  flavor: string;
  state: VmState;
  monitoring: boolean;
  interfaces: VmInterface[];
  volumes: VmVolume[];
  /**
   * The values this VM holds of its group's day-0 value pools (variables with several values):
   * one VM at a time, chosen when the record is made, freed when it is deleted (`vm-records.ts`).
   */
  day0Values?: Day0Value[];
  createdAt: string;
  updatedAt: string;
}

export interface VmInterface {
  nicid: number;
  network: string;
  networkId?: string;
  subnet?: string;
  subnetId?: string;
  portId?: string;
  /** True when the port was made by us (and so is deleted with the VM). */
  portOwned: boolean;
  ipAddress?: string;
  macAddress?: string;
  model: string;
  type: string;
  netmask?: string;
  gateway?: string;
}

export interface Day0Value {
  /** The configuration (`config_data/configuration[dst]`) and variable the value is of. */
  dst: string;
  variable: string;
  value: string;
}

export interface VmVolume {
  name: string;
  volumeId?: string;
  bootable: boolean;
  bootIndex?: number;
  /** True when the volume was made by us (and so is deleted with the VM). */
  owned: boolean;
}

/** A deployment with what the opdata read-back needs (esc-interface.md §2.7). */
export interface DeploymentView {
  tenant: Tenant;
  deployment: Deployment;
  vms: Vm[];
}
