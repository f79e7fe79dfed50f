import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assertGolden } from '../../test/golden.ts';
import { isDomainError } from '../domain/errors.ts';
import { checkDeploymentName, parseDeploymentRequest } from './deployment-request.ts';
import { renderXmlDocument, type XmlFields } from '../xml/writer.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const requestXml = readFileSync(fixture('deployment-request.xml'), 'utf8');
const requestJson = readFileSync(fixture('deployment-request.json'), 'utf8');

test('IMPL-1 parses the 2-group deployment XML into the golden spec, ESC defaults filled in', () => {
  const parsed = parseDeploymentRequest(requestXml, 'xml');
  assertGolden(fixture('deployment-spec.golden.json'), `${JSON.stringify(parsed, null, 2)}\n`);
});

test('IMPL-1 the JSON mirror (single objects, numeric strings) parses to the same spec as the XML', () => {
  assert.deepEqual(parseDeploymentRequest(requestJson, 'json'), parseDeploymentRequest(requestXml, 'xml'));
});

// Bad input: each case edits the JSON mirror of the fixture, then is tried as JSON and as XML.
/** The JSON mirror as the tests edit it: loosely typed on purpose, it is input. */
type Doc = any;
const base: Doc = JSON.parse(requestJson);
const deploymentOf = (doc: Doc): Doc => doc.esc_datamodel.tenants.tenant[0].deployments.deployment[0];
const csrOf = (doc: Doc): Doc => deploymentOf(doc).vm_group[0];
const kpiOf = (doc: Doc): Doc => csrOf(doc).kpi_data.kpi[0];

function refusals(edit: (doc: Doc) => void): { xml: unknown; json: unknown } {
  const doc = structuredClone(base);
  edit(doc);
  const outcome = (body: string, format: 'xml' | 'json') => {
    try {
      parseDeploymentRequest(body, format);
      return undefined;
    } catch (err) {
      return err;
    }
  };
  return {
    json: outcome(JSON.stringify(doc), 'json'),
    xml: outcome(renderXmlDocument('esc_datamodel', {}, doc.esc_datamodel as XmlFields), 'xml'),
  };
}

function assertRefused(edit: (doc: Doc) => void, names: string): void {
  const { xml, json } = refusals(edit);
  for (const err of [xml, json]) {
    assert.ok(isDomainError(err, 'INVALID_INPUT'), `expected INVALID_INPUT, got ${String(err)}`);
    assert.ok(err.message.includes(names), `message "${err.message}" should name ${names}`);
  }
}

const mandatory: [string, (doc: Doc) => void][] = [
  ['deployment/name', (d) => delete deploymentOf(d).name],
  ['esc_datamodel/tenants/tenant/name', (d) => delete d.esc_datamodel.tenants.tenant[0].name],
  ['deployment/vm_group[#2]/name', (d) => delete deploymentOf(d).vm_group[1].name],
  ['vm_group[CSR]/image', (d) => delete csrOf(d).image],
  ['vm_group[CSR]/flavor', (d) => delete csrOf(d).flavor],
  ['vm_group[CSR]/bootup_time', (d) => delete csrOf(d).bootup_time],
  ['vm_group[CSR]/recovery_wait_time', (d) => delete csrOf(d).recovery_wait_time],
  ['vm_group[CSR]/scaling', (d) => delete csrOf(d).scaling],
  ['vm_group[CSR]/scaling/min_active', (d) => delete csrOf(d).scaling.min_active],
  ['vm_group[CSR]/scaling/max_active', (d) => delete csrOf(d).scaling.max_active],
  ['vm_group[CSR]/interfaces/interface[#1]/nicid', (d) => delete csrOf(d).interfaces.interface[0].nicid],
  ['vm_group[CSR]/interfaces/interface[1]/network', (d) => delete csrOf(d).interfaces.interface[1].network],
  ['vm_group[CSR]/kpi_data/kpi[#1]/event_name', (d) => delete kpiOf(d).event_name],
  ...(['metric_value', 'metric_cond', 'metric_type', 'metric_collector'] as const).map(
    (leaf): [string, (doc: Doc) => void] => [`kpi[VM_ALIVE]/${leaf}`, (d) => delete kpiOf(d)[leaf]],
  ),
  ...(['type', 'nicid', 'poll_frequency', 'polling_unit', 'continuous_alarm'] as const).map(
    (leaf): [string, (doc: Doc) => void] => [
      `kpi[VM_ALIVE]/metric_collector/${leaf}`,
      (d) => delete kpiOf(d).metric_collector[leaf],
    ],
  ),
];
for (const [element, edit] of mandatory) {
  test(`IMPL-1 a missing ${element} is refused, naming it`, () => assertRefused(edit, `${element} is mandatory`));
}

const name257 = 'n'.repeat(257);
const invalid: [string, string, (doc: Doc) => void][] = [
  ['a 257-character deployment name', 'deployment/name must be 1..256 characters (got 257)', (d) => (deploymentOf(d).name = name257)],
  ['a 257-character image name', 'vm_group[CSR]/image must be 1..256 characters (got 257)', (d) => (csrOf(d).image = name257)],
  ['an empty flavor', 'vm_group[CSR]/flavor must be 1..256 characters (got 0)', (d) => (csrOf(d).flavor = '')],
  ['COMP-4 min_active above max_active', 'vm_group[CSR]/scaling/min_active (3) must not exceed max_active (2)', (d) => (csrOf(d).scaling.min_active = 3)],
  ['a nicid gap', 'interfaces/interface[2]/nicid must be 1 (previous + 1) (got 2)', (d) => (csrOf(d).interfaces.interface[1].nicid = 2)],
  ['a first nicid other than 0', 'interfaces/interface[1]/nicid must be 0 (got 1)', (d) => (csrOf(d).interfaces.interface[0].nicid = 1)],
  ['a non-numeric bootup_time', "vm_group[CSR]/bootup_time must be an integer (got '10m')", (d) => (csrOf(d).bootup_time = '10m')],
  ['a negative min_active', 'scaling/min_active must be at least 0 (got -1)', (d) => (csrOf(d).scaling.min_active = -1)],
  ['a non-boolean elastic', "scaling/elastic must be true or false (got 'yes')", (d) => (csrOf(d).scaling.elastic = 'yes')],
  ['an unknown metric_cond', "kpi[VM_ALIVE]/metric_cond must be one of GT, LT, EQ, GE, LE (got 'NE')", (d) => (kpiOf(d).metric_cond = 'NE')],
  ['an unknown polling_unit', 'metric_collector/polling_unit must be one of seconds, minutes', (d) => (kpiOf(d).metric_collector.polling_unit = 'hours')],
  ['an unknown sizeunit', 'volumes/volume[csr-logs]/sizeunit must be one of MiB, GiB', (d) => (csrOf(d).volumes.volume[1].sizeunit = 'KB')],
  ['an unknown bus', 'volumes/volume[csr-logs]/bus must be one of ide, scsi, virtio', (d) => (csrOf(d).volumes.volume[1].bus = 'usb')],
  ['an unknown placement type', 'vm_group[CSR]/placement[spread]/type must be one of affinity', (d) => (csrOf(d).placement.type = 'spread')],
  ['an unknown recovery action', 'recovery_policy/action_on_recovery must be one of REBOOT_ONLY', (d) => (csrOf(d).recovery_policy.action_on_recovery = 'NEVER')],
  ['IMPL-2 a KPI collector on a missing interface', 'kpi[VM_ALIVE]/metric_collector/nicid 5 names no interface', (d) => (kpiOf(d).metric_collector.nicid = 5)],
  ['duplicate vm_group names', "vm_group name 'CSR' appears more than once", (d) => (deploymentOf(d).vm_group[1].name = 'CSR')],
  ['duplicate KPI event names', "kpi event_name 'VM_ALIVE' appears more than once", (d) => (csrOf(d).kpi_data.kpi[1].event_name = 'VM_ALIVE')],
  ['COMP-1 a dependency on an unknown group', 'policies/startup[web]/depends_on[db]/vm_group_ref db names no vm_group', (d) => (deploymentOf(d).policies.startup.depends_on.vm_group_ref = 'db')],
  ['COMP-1 a dependency on an unknown KPI event', 'kpi_event_ref VM_READY is no KPI event of vm_group CSR', (d) => (deploymentOf(d).policies.startup.depends_on.kpi_event_ref = 'VM_READY')],
  [
    'COMP-1 a dependency cycle',
    'policies/startup: dependency cycle web → CSR → web',
    (d) => {
      const policies = deploymentOf(d).policies;
      policies.startup = [policies.startup, { target_vm_group_ref: 'CSR', depends_on: { vm_group_ref: 'web' } }];
    },
  ],
  ['an unknown placement policy group', 'policies/placement[web]/vm_group_ref db names no vm_group', (d) => (deploymentOf(d).policies.placement.vm_group_ref = 'db')],
  [
    'COMP-1 a group under two different placement policies',
    'placement: vm_group web is under two placement policies (web, policy.0.web)',
    (d) => (deploymentOf(d).policies.placement.enforcement = 'loose'),
  ],
  ['a configuration with both file and data', 'config_data/configuration[iosxe_config.txt] needs exactly one of file or data', (d) => (csrOf(d).config_data.configuration[0].data = 'x')],
  ['two scaling sections', 'vm_group[CSR]/scaling appears 2 times', (d) => (csrOf(d).scaling = [csrOf(d).scaling, csrOf(d).scaling])],
  ['two tenants', 'esc_datamodel/tenants/tenant appears 2 times; exactly one is expected', (d) => d.esc_datamodel.tenants.tenant.push({ name: 'other' })],
  ['two deployments', 'tenant/deployments/deployment appears 2 times; exactly one is expected', (d) => d.esc_datamodel.tenants.tenant[0].deployments.deployment.push({ name: 'x' })],
  ['no deployments', 'tenant/deployments is mandatory', (d) => delete d.esc_datamodel.tenants.tenant[0].deployments],
];
for (const [what, message, edit] of invalid) {
  test(`IMPL-1 ${what} is refused: "${message}"`, () => assertRefused(edit, message));
}

test('IMPL-1 a 256-character name is accepted (limit boundary)', () => {
  const { xml, json } = refusals((d) => (csrOf(d).image = 'i'.repeat(256)));
  assert.equal(xml, undefined);
  assert.equal(json, undefined);
});

test('IMPL-1 a document whose root is not esc_datamodel is refused', () => {
  assert.throws(
    () => parseDeploymentRequest('<deployment><name>d</name></deployment>', 'xml'),
    (err) => isDomainError(err, 'INVALID_INPUT') && /root must be esc_datamodel \(got deployment\)/.test(err.message),
  );
});

test('IMPL-1 malformed JSON is refused with the parser reason', () => {
  assert.throws(
    () => parseDeploymentRequest('{"esc_datamodel": {', 'json'),
    (err) => isDomainError(err, 'INVALID_INPUT') && err.message.startsWith('malformed JSON: '),
  );
});

test('IMPL-1 malformed XML is refused with the parser reason and line', () => {
  const broken = requestXml.replace('</flavor>', '</flavour>');
  assert.throws(
    () => parseDeploymentRequest(broken, 'xml'),
    (err) => isDomainError(err, 'INVALID_INPUT') && /^malformed XML: .*flavo.*\(line 28, column \d+\)$/.test(err.message),
  );
});

test('IMPL-1 a deployment name other than the REST path id is refused, naming both', () => {
  const { spec } = parseDeploymentRequest(requestXml, 'xml');
  checkDeploymentName(spec, 'chain-1');
  assert.throws(
    () => checkDeploymentName(spec, 'chain-2'),
    (err) =>
      isDomainError(err, 'INVALID_INPUT') &&
      err.message === 'deployment name [chain-1] does not match the id [chain-2] in the request path',
  );
});

const declarations: [string, string][] = [
  ['a DOCTYPE', requestXml.replace('<esc_datamodel', '<!DOCTYPE esc_datamodel SYSTEM "http://example.com/x.dtd">\n<esc_datamodel')],
  ['an ENTITY declaration', requestXml.replace('<tenants>', '<!ENTITY xxe SYSTEM "file:///etc/passwd"><tenants>')],
];
for (const [what, body] of declarations) {
  test(`principle 6: a deployment carrying ${what} is refused, nothing expanded`, () => {
    assert.throws(
      () => parseDeploymentRequest(body, 'xml'),
      (err) => isDomainError(err, 'INVALID_INPUT') && /DTDs and entity declarations are not accepted/.test(err.message),
    );
  });
}
