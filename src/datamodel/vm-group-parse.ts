/**
 * One `vm_group` of an ESC deployment (esc-interface.md §2.3) into a `VmGroupSpec`, with ESC's
 * defaults filled in (`defaults.ts`) and the group-local rules checked: mandatory elements, limits,
 * enums, the nicid sequence, min_active ≤ max_active (COMP-4), unique list keys and KPI collectors
 * pointing at an existing interface (IMPL-2). Rules spanning groups live in `deployment-request.ts`.
 */
import type {
  ConfigurationSpec,
  ExtensionSpec,
  InterfaceSpec,
  PropertySpec,
  KpiDataSpec,
  KpiSpec,
  PlacementSpec,
  RecoveryPolicySpec,
  RuleSpec,
  RulesSpec,
  ScalingSpec,
  StaticIpAddressPoolSpec,
  VmGroupSpec,
  VolumeSpec,
} from '../domain/deployment-spec.ts';
import { firstDuplicate, isMinWithinMax, nicidSequenceBreak } from '../domain/limits.ts';
import { escDefaults } from './defaults.ts';
import type { Reader } from './reader.ts';

export function parseVmGroup(r: Reader): VmGroupSpec {
  const recovery = r.child('recovery_policy');
  const group: VmGroupSpec = {
    name: r.text('name', 'ownName'),
    image: r.text('image'),
    flavor: r.text('flavor'),
    vimVmName: r.optText('vim_vm_name'),
    bootupTime: r.int('bootup_time', { min: -1 }),
    recoveryWaitTime: r.int('recovery_wait_time', { min: 0 }),
    recoveryPolicy: recovery && parseRecoveryPolicy(recovery),
    interfaces: parseInterfaces(r),
    scaling: parseScaling(r.need('scaling')),
    kpiData: parseKpiData(r.child('kpi_data')),
    rules: parseRules(r.child('rules')),
    configData: r.items('config_data', 'configuration', 'dst').map(parseConfiguration),
    volumes: r.items('volumes', 'volume', 'name').map(parseVolume),
    placement: r.items(undefined, 'placement', 'type').map(parsePlacement),
    extensions: parseExtensions(r),
  };
  checkKpiCollectors(r, group);
  uniqueKeys(r, 'volumes/volume name', group.volumes.map((v) => v.name));
  uniqueKeys(r, 'config_data/configuration dst', group.configData.map((c) => c.dst));
  return group;
}

function parseRecoveryPolicy(r: Reader): RecoveryPolicySpec {
  const fallback = escDefaults.recoveryPolicy;
  return {
    actionOnRecovery: r.oneOf('action_on_recovery', 'actionOnRecovery', fallback.actionOnRecovery),
    recoveryType: r.oneOf('recovery_type', 'recoveryType', fallback.recoveryType),
    maxRetries: r.optInt('max_retries', { min: 0 }) ?? fallback.maxRetries,
  };
}

function parseInterfaces(r: Reader): InterfaceSpec[] {
  const items = r.items('interfaces', 'interface', 'nicid');
  const interfaces = items.map(
    (i): InterfaceSpec => ({
      nicid: i.int('nicid', { min: 0 }),
      network: i.text('network', 'netname'),
      subnet: i.optText('subnet', 'netname'),
      ipAddress: i.optText('ip_address'),
      macAddress: i.optText('mac_address'),
      model: i.optText('model') ?? escDefaults.interface.model,
      type: i.optText('type') ?? escDefaults.interface.type,
      port: i.optText('port', 'netname'),
      securityGroups: i.child('security_groups')?.texts('security_group') ?? [],
    }),
  );
  const broken = nicidSequenceBreak(interfaces.map((i) => i.nicid));
  if (broken >= 0) {
    items[broken]!.fail(`/nicid must be ${broken === 0 ? '0' : `${broken} (previous + 1)`} (got ${interfaces[broken]!.nicid})`);
  }
  return interfaces;
}

function parseScaling(r: Reader): ScalingSpec {
  const minActive = r.int('min_active', { min: 0 });
  const maxActive = r.int('max_active', { min: 0 });
  if (!isMinWithinMax(minActive, maxActive)) {
    r.fail(`/min_active (${minActive}) must not exceed max_active (${maxActive})`);
  }
  return {
    minActive,
    maxActive,
    elastic: r.bool('elastic', escDefaults.scaling.elastic),
    staticIpAddressPools: r.items(undefined, 'static_ip_address_pool', 'network').map(
      (p): StaticIpAddressPoolSpec => ({
        network: p.text('network', 'netname'),
        gateway: p.optText('gateway'),
        netmask: p.optText('netmask'),
        ipAddressRanges: p.items(undefined, 'ip_address_range', 'start').map((range) => ({
          start: range.text('start'),
          end: range.text('end'),
        })),
        ipAddresses: p.texts('ip_address'),
      }),
    ),
  };
}

function parseKpiData(r: Reader | undefined): KpiDataSpec {
  const kpis = (r?.items(undefined, 'kpi', 'event_name') ?? []).map(parseKpi);
  if (r) uniqueKeys(r, 'kpi event_name', kpis.map((k) => k.eventName));
  return { enabled: r?.bool('enabled', escDefaults.kpiData.enabled) ?? escDefaults.kpiData.enabled, kpis };
}

function parseKpi(r: Reader): KpiSpec {
  const collector = r.need('metric_collector');
  const properties = parseProperties(collector);
  return {
    eventName: r.text('event_name', 'ownName'),
    metricValue: r.text('metric_value'),
    metricCond: r.oneOf('metric_cond', 'metricCond'),
    metricType: r.oneOf('metric_type', 'metricType'),
    metricOccurrencesTrue: r.optInt('metric_occurrences_true', { min: 1 }) ?? escDefaults.kpi.metricOccurrencesTrue,
    metricOccurrencesFalse: r.optInt('metric_occurrences_false', { min: 1 }) ?? escDefaults.kpi.metricOccurrencesFalse,
    metricCollector: {
      type: collector.text('type'),
      nicid: collector.int('nicid', { min: 0 }),
      pollFrequency: collector.int('poll_frequency', { min: 1 }),
      pollingUnit: collector.oneOf('polling_unit', 'pollingUnit'),
      continuousAlarm: collector.bool('continuous_alarm'),
      ...(properties.length > 0 && { properties }),
    },
  };
}

function checkKpiCollectors(r: Reader, group: VmGroupSpec): void {
  group.kpiData.kpis.forEach((kpi) => {
    const nicid = kpi.metricCollector.nicid;
    if (!group.interfaces.some((i) => i.nicid === nicid)) {
      r.fail(`/kpi_data/kpi[${kpi.eventName}]/metric_collector/nicid ${nicid} names no interface of the group`);
    }
  });
}

function parseRules(r: Reader | undefined): RulesSpec {
  const rules = (section: string): RuleSpec[] => {
    const list = (r?.items(section, 'rule', 'event_name') ?? []).map((rule) => ({
      eventName: rule.text('event_name'),
      actions: rule.texts('action'),
    }));
    if (r) uniqueKeys(r, `${section}/rule event_name`, list.map((rule) => rule.eventName));
    return list;
  };
  return { adminRules: rules('admin_rules'), userRules: rules('user_rules') };
}

function parseConfiguration(r: Reader): ConfigurationSpec {
  const file = r.optText('file', 'netname');
  const data = r.optText('data', 'bigdata', { raw: true });
  if ((file === undefined) === (data === undefined)) r.fail(' needs exactly one of file or data');
  return {
    dst: r.text('dst', 'netname'),
    file,
    data,
    variables: r.items(undefined, 'variable', 'name').map((v) => ({ name: v.text('name'), values: v.texts('val', 'bigdata') })),
  };
}

function parseVolume(r: Reader): VolumeSpec {
  return {
    name: r.text('name'),
    volid: r.optInt('volid', { min: 0 }),
    size: r.optInt('size', { min: 1 }),
    sizeunit: r.oneOf('sizeunit', 'sizeUnit', escDefaults.volume.sizeunit),
    bus: r.oneOf('bus', 'bus', escDefaults.volume.bus),
    type: r.optText('type'),
    image: r.optText('image'),
    bootable: r.bool('bootable', escDefaults.volume.bootable),
    bootIndex: r.optInt('boot_index', { min: 0 }),
    externalVolumeId: externalVolumeId(r),
  };
}

const cinderUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `external_volume_id`: a Cinder volume UUID (REST-3). */
function externalVolumeId(r: Reader): string | undefined {
  const id = r.optText('external_volume_id');
  if (id !== undefined && !cinderUuid.test(id)) r.fail(`/external_volume_id [${id}] is not a volume UUID`);
  return id;
}

function parsePlacement(r: Reader): PlacementSpec {
  return {
    type: r.oneOf('type', 'placementType'),
    enforcement: r.oneOf('enforcement', 'enforcement', escDefaults.placement.enforcement),
    hosts: r.texts('host'),
    zone: r.optText('zone'),
  };
}

/** `extensions/extension[name]/properties/property[name]{value}`, on a group or a deployment. */
export function parseExtensions(r: Reader): ExtensionSpec[] {
  return r.items('extensions', 'extension', 'name').map((e) => ({
    name: e.text('name'),
    properties: parseProperties(e),
  }));
}

/** `properties/property[name]{value}`, of an extension or a KPI's metric collector. */
function parseProperties(r: Reader): PropertySpec[] {
  return r.items('properties', 'property', 'name').map((p) => ({
    name: p.text('name'),
    value: p.optText('value', 'bigdata') ?? '',
  }));
}

/** List keys are unique (YANG list semantics). */
export function uniqueKeys(r: Reader, what: string, keys: readonly string[]): void {
  const duplicate = firstDuplicate(keys);
  if (duplicate !== undefined) r.fail(`: ${what} '${duplicate}' appears more than once`);
}
