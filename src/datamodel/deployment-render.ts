/**
 * A `DeploymentSpec` back into the document `parseDeploymentRequest` reads (IMPL-1: reading a
 * deployment back). One mirror object feeds both XML and JSON; defaults are written out, so
 * parse(render(spec)) deep-equals spec. Lists are arrays (JSON always shows them as arrays); an
 * empty list or section is left out, as ESC leaves out what was not configured.
 */
import { escNamespace } from './namespaces.ts';
import type { DeploymentSpec, ExtensionSpec, PropertySpec, RuleSpec, VmGroupSpec } from '../domain/deployment-spec.ts';
import { renderDocument, type Format } from './document.ts';
import type { XmlFields, XmlValue } from '../xml/writer.ts';


export function renderDeploymentRequest(tenant: string, spec: DeploymentSpec, format: Format): string {
  const body: XmlFields = { tenants: { tenant: [{ name: tenant, deployments: { deployment: [deployment(spec)] } }] } };
  return renderDocument('esc_datamodel', body, format, escNamespace);
}

function deployment(spec: DeploymentSpec): XmlFields {
  const { dependencies, placement } = spec.policies;
  return {
    name: spec.name,
    description: spec.description,
    networks: section({
      network: list(spec.networks, (n) => ({
        name: n.name,
        shared: n.shared,
        admin_state: n.adminState,
        subnet: list(n.subnets, (s) => ({
          name: s.name,
          ipversion: s.ipVersion,
          dhcp: s.dhcp,
          address: s.address,
          netmask: s.netmask,
          gateway: s.gateway,
        })),
      })),
    }),
    vm_group: list(spec.vmGroups, vmGroup),
    policies: section({
      startup: list(dependencies, (d) => ({
        target_vm_group_ref: d.target,
        depends_on: list(d.dependsOn, (x) => ({ vm_group_ref: x.group, kpi_event_ref: x.kpiEvent })),
      })),
      placement: list(placement, (p) => ({
        target_vm_group_ref: p.target,
        type: p.type,
        enforcement: p.enforcement,
        vm_group_ref: list(p.groups),
      })),
    }),
    extensions: extensions(spec.extensions),
  };
}

function vmGroup(g: VmGroupSpec): XmlFields {
  return {
    name: g.name,
    image: g.image,
    flavor: g.flavor,
    vim_vm_name: g.vimVmName,
    bootup_time: g.bootupTime,
    recovery_wait_time: g.recoveryWaitTime,
    recovery_policy: g.recoveryPolicy && {
      recovery_type: g.recoveryPolicy.recoveryType,
      action_on_recovery: g.recoveryPolicy.actionOnRecovery,
      max_retries: g.recoveryPolicy.maxRetries,
    },
    interfaces: section({
      interface: list(g.interfaces, (i) => ({
        nicid: i.nicid,
        ...interfaceAttachment(i),
        port: i.port,
        security_groups: section({ security_group: list(i.securityGroups) }),
      })),
    }),
    scaling: {
      min_active: g.scaling.minActive,
      max_active: g.scaling.maxActive,
      elastic: g.scaling.elastic,
      static_ip_address_pool: list(g.scaling.staticIpAddressPools, (p) => ({
        network: p.network,
        gateway: p.gateway,
        netmask: p.netmask,
        ip_address_range: list(p.ipAddressRanges, (r) => ({ start: r.start, end: r.end })),
        ip_address: list(p.ipAddresses),
      })),
    },
    kpi_data: {
      enabled: g.kpiData.enabled,
      kpi: list(g.kpiData.kpis, (k) => ({
        event_name: k.eventName,
        metric_value: k.metricValue,
        metric_cond: k.metricCond,
        metric_type: k.metricType,
        metric_occurrences_true: k.metricOccurrencesTrue,
        metric_occurrences_false: k.metricOccurrencesFalse,
        metric_collector: {
          type: k.metricCollector.type,
          nicid: k.metricCollector.nicid,
          poll_frequency: k.metricCollector.pollFrequency,
          polling_unit: k.metricCollector.pollingUnit,
          continuous_alarm: k.metricCollector.continuousAlarm,
          properties: properties(k.metricCollector.properties ?? []),
        },
      })),
    },
    rules: section({ admin_rules: rules(g.rules.adminRules), user_rules: rules(g.rules.userRules) }),
    config_data: section({
      configuration: list(g.configData, (c) => ({
        dst: c.dst,
        file: c.file,
        data: c.data,
        variable: list(c.variables, (v) => ({ name: v.name, val: list(v.values) })),
      })),
    }),
    volumes: section({
      volume: list(g.volumes, (v) => ({
        name: v.name,
        volid: v.volid,
        size: v.size,
        sizeunit: v.sizeunit,
        bus: v.bus,
        type: v.type,
        image: v.image,
        bootable: v.bootable,
        boot_index: v.bootIndex,
        external_volume_id: v.externalVolumeId,
      })),
    }),
    placement: list(g.placement, (p) => ({ type: p.type, enforcement: p.enforcement, host: list(p.hosts), zone: p.zone })),
    extensions: extensions(g.extensions),
  };
}

/**
 * The leaves that say how an interface attaches, named and ordered alike in a request's
 * `interface` (§2.3) and in opdata's (§2.7, esc-interface.md), which reports ids where the request
 * gave names.
 */
export function interfaceAttachment(i: {
  network?: string;
  subnet?: string;
  ipAddress?: string;
  macAddress?: string;
  model?: string;
  type: string;
}): XmlFields {
  return { network: i.network, subnet: i.subnet, ip_address: i.ipAddress, mac_address: i.macAddress, model: i.model, type: i.type };
}

function rules(ruleList: readonly RuleSpec[]): XmlValue {
  return section({ rule: list(ruleList, (r) => ({ event_name: r.eventName, action: list(r.actions) })) });
}

function extensions(exts: readonly ExtensionSpec[]): XmlValue {
  return section({
    extension: list(exts, (e) => ({
      name: e.name,
      properties: properties(e.properties),
    })),
  });
}

/** A list member: left out when empty. */
function properties(props: readonly PropertySpec[]): XmlValue {
  return section({ property: list(props, (p) => ({ name: p.name, value: p.value })) });
}

function list<T extends XmlValue>(items: readonly T[]): XmlValue[] | undefined;
function list<T>(items: readonly T[], render: (item: T) => XmlValue): XmlValue[] | undefined;
function list<T>(items: readonly T[], render = (item: T) => item as XmlValue): XmlValue[] | undefined {
  return items.length === 0 ? undefined : items.map(render);
}

/** A container: left out when nothing inside it is set. */
function section(members: XmlFields): XmlFields | undefined {
  return Object.values(members).some((v) => v !== undefined) ? members : undefined;
}
