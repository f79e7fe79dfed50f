/**
 * The desired state of a deployment as the orchestrator described it in ESC's data model
 * (`esc_datamodel/tenants/tenant/deployments/deployment`). `src/datamodel/` turns XML and JSON into
 * these types and back; here every name is ours (camelCase), never a wire spelling.
 *
 * Optional elements are optional here too; the defaults ESC applies are filled in by the parser
 * (`datamodel/defaults.ts`) so the engine never guesses.
 */
export interface DeploymentSpec {
  name: string;
  description?: string;
  policies: PoliciesSpec;
  /** Ephemeral networks: created with the deployment, deleted on undeploy (esc-interface.md §2.5). */
  networks: NetworkSpec[];
  vmGroups: VmGroupSpec[];
  extensions: ExtensionSpec[];
}

export interface VmGroupSpec {
  name: string;
  image: string;
  flavor: string;
  /** Server name on the VIM; when absent the generated VM name is used. */
  vimVmName?: string;
  /** Seconds to wait for the first VM_ALIVE; -1 waits forever. */
  bootupTime: number;
  recoveryWaitTime: number;
  recoveryPolicy?: RecoveryPolicySpec;
  interfaces: InterfaceSpec[];
  scaling: ScalingSpec;
  kpiData: KpiDataSpec;
  rules: RulesSpec;
  configData: ConfigurationSpec[];
  volumes: VolumeSpec[];
  placement: PlacementSpec[];
  extensions: ExtensionSpec[];
}

export interface InterfaceSpec {
  nicid: number;
  network: string;
  subnet?: string;
  ipAddress?: string;
  macAddress?: string;
  /** `virtio` (ESC default) or `e1000`. */
  model: string;
  /** `virtual` (ESC default) or `passthru`. */
  type: string;
  /** A pre-created port (name or id) to use instead of creating one. */
  port?: string;
  securityGroups: string[];
}

export interface ScalingSpec {
  minActive: number;
  maxActive: number;
  elastic: boolean;
  staticIpAddressPools: StaticIpAddressPoolSpec[];
}

export interface StaticIpAddressPoolSpec {
  network: string;
  gateway?: string;
  netmask?: string;
  ipAddressRanges: { start: string; end: string }[];
  ipAddresses: string[];
}

export interface KpiDataSpec {
  enabled: boolean;
  kpis: KpiSpec[];
}

export interface KpiSpec {
  eventName: string;
  metricValue: string;
  metricCond: string;
  metricType: string;
  metricOccurrencesTrue: number;
  metricOccurrencesFalse: number;
  metricCollector: MetricCollectorSpec;
}

export interface MetricCollectorSpec {
  type: string;
  nicid: number;
  pollFrequency: number;
  pollingUnit: string;
  continuousAlarm: boolean;
  /** `properties/property[name]{value}`: the script collector's `script_filename` (`domain/kpi.ts`). */
  properties?: PropertySpec[];
}

export interface RulesSpec {
  adminRules: RuleSpec[];
  userRules: RuleSpec[];
}

export interface RuleSpec {
  eventName: string;
  /** ESC action strings, e.g. `TRUE esc_vm_alive_notification`, `FALSE recover autohealing`. */
  actions: string[];
}

export interface ConfigurationSpec {
  /** File name on the config drive. */
  dst: string;
  /** URL of a template; `data` is the inline alternative. */
  file?: string;
  data?: string;
  variables: { name: string; values: string[] }[];
}

export interface VolumeSpec {
  name: string;
  volid?: number;
  size?: number;
  sizeunit: string;
  bus: string;
  type?: string;
  image?: string;
  bootable: boolean;
  bootIndex?: number;
  /**
   * A Cinder volume made outside the manager (a volume from a snapshot, REST-2/REST-3): attached to
   * the VM, never created or deleted by us.
   */
  externalVolumeId?: string;
}

export interface PlacementSpec {
  type: string;
  enforcement: string;
  hosts: string[];
  zone?: string;
}

export interface ExtensionSpec {
  name: string;
  properties: PropertySpec[];
}

export interface PoliciesSpec {
  /** `startup[target_vm_group_ref]/depends_on[vm_group_ref]{kpi_event_ref}` (COMP-1). */
  dependencies: DependencySpec[];
  placement: GroupPlacementSpec[];
}

export interface DependencySpec {
  target: string;
  dependsOn: { group: string; kpiEvent?: string }[];
}

export interface GroupPlacementSpec {
  target: string;
  type: string;
  enforcement: string;
  groups: string[];
}

export interface NetworkSpec {
  name: string;
  shared: boolean;
  adminState: boolean;
  subnets: SubnetSpec[];
}

export interface SubnetSpec {
  name: string;
  ipVersion: 'ipv4' | 'ipv6';
  dhcp: boolean;
  address: string;
  netmask: string;
  gateway?: string;
}

export interface RecoveryPolicySpec {
  /** `REBOOT_ONLY`, `REBOOT_THEN_REDEPLOY` (ESC's default) or `REDEPLOY_ONLY`. */
  actionOnRecovery: string;
  /** `AUTO` or `MANUAL` (wait for a manual recovery request). */
  recoveryType: string;
  maxRetries: number;
}

/** ESC's default recovery policy (esc-interface.md §6.2); recovery type and retry count are [I]. */
export const defaultRecoveryPolicy: RecoveryPolicySpec = { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'AUTO', maxRetries: 3 };

/** One `properties/property[name]{value}` entry. */
export interface PropertySpec {
  name: string;
  value: string;
}
