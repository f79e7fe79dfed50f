/**
 * Issue 11 item 4: the `esc` YANG module (src/northbound/netconf/yang/) checked by a validator
 * nobody here wrote, Debian's yanglint. The module itself; every deployment document the manager
 * accepts as configuration; documents the parser refuses refused by the module too; the RPCs of
 * item 5; the escEvent golden files as notifications; the module's enumerations against the
 * domain's; and what a running manager says — its opdata over REST and NETCONF `get` as state
 * data, its running config over `get-config`, and a deploy's escEvents replayed on the stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseDeploymentRequest } from '../../src/datamodel/deployment-request.ts';
import { renderDeploymentOpdata } from '../../src/datamodel/opdata.ts';
import { eventTypes } from '../../src/domain/event.ts';
import { escEnums } from '../../src/domain/limits.ts';
import { serviceStates, vmStates } from '../../src/domain/states.ts';
import { reachesChannel } from '../../src/events/channels.ts';
import { sampleSpec, sampleTenant, sampleView, sampleVm } from '../../src/northbound/rest/testing/sample-views.ts';
import { eventually, startTestManager } from '../support/manager.ts';
import { NetconfTestClient } from '../support/netconf-client.ts';
import { escModulePath, yanglint, yanglintMissing, yanglintText } from '../support/yanglint.ts';

const skip = yanglintMissing;
const at = (dir: string) => new URL(`../../${dir}/`, import.meta.url);
const xmlFiles = (dir: string) => readdirSync(at(dir)).filter((f) => f.endsWith('.xml')).map((f) => new URL(f, at(dir)).pathname);
const deploymentFixtures = [...xmlFiles('test/e2e/fixtures'), ...xmlFiles('src/datamodel/fixtures')].filter((f) =>
  readFileSync(f, 'utf8').includes('<tenants>') && !readFileSync(f, 'utf8').includes('<opdata>'),
);
const twoGroup = readFileSync(new URL('../e2e/fixtures/two-group.xml', import.meta.url), 'utf8');

test('issue 11 item 4: yanglint accepts the esc module', { skip }, () => {
  const result = yanglint();
  assert.ok(result.ok, result.messages);
  assert.equal(result.messages, '', 'no warnings either');
});

test('issue 11 item 4: every deployment fixture the manager accepts is valid esc configuration', { skip }, () => {
  assert.ok(deploymentFixtures.length >= 5, `found ${deploymentFixtures.length} fixtures`);
  for (const file of deploymentFixtures) {
    parseDeploymentRequest(readFileSync(file, 'utf8'), 'xml');
    const result = yanglint('config', file);
    assert.ok(result.ok, `${file}: ${result.messages}`);
  }
});

/** One change to two-group.xml that the parser refuses, and so must the module (IMPL-1, COMP-1, COMP-4). */
const refusals: { name: string; from: string | RegExp; to: string }[] = [
  { name: 'COMP-4 min_active above max_active', from: '<min_active>2</min_active>', to: '<min_active>5</min_active>' },
  { name: 'IMPL-1 a nicid breaking the 0, 1, 2… sequence', from: '<nicid>1</nicid>', to: '<nicid>2</nicid>' },
  { name: 'COMP-1 a dependency on a group the deployment lacks', from: '<depends_on><vm_group_ref>db</vm_group_ref>', to: '<depends_on><vm_group_ref>cache</vm_group_ref>' },
  { name: 'COMP-1 a dependency on a KPI event the group lacks', from: '<vm_group_ref>db</vm_group_ref></depends_on>', to: '<vm_group_ref>db</vm_group_ref><kpi_event_ref>VM_ALIVE</kpi_event_ref></depends_on>' },
  { name: 'COMP-1 a startup policy without depends_on', from: /<depends_on>.*<\/depends_on>/, to: '' },
  { name: 'IMPL-1 a vm_group without its image', from: '<image>cirros</image>\n            <flavor>m1.tiny</flavor>', to: '<flavor>m1.tiny</flavor>' },
  { name: 'IMPL-1 two vm_groups of one name', from: '<name>web</name>', to: '<name>db</name>' },
  { name: 'IMPL-1 a size unit ESC does not know', from: '<sizeunit>GiB</sizeunit>', to: '<sizeunit>KiB</sizeunit>' },
  { name: 'IMPL-1 bootup_time below -1', from: '<bootup_time>120</bootup_time>', to: '<bootup_time>-2</bootup_time>' },
  { name: 'IMPL-1 day-0 configuration with both file and data', from: '<dst>day0.cfg</dst>', to: '<dst>day0.cfg</dst><file>file:///day0.tpl</file>' },
  { name: 'REST-3 an external_volume_id that is no volume UUID', from: '<bus>virtio</bus>', to: '<bus>virtio</bus><external_volume_id>vol-1</external_volume_id>' },
  { name: 'IMPL-1 a name longer than 256 characters', from: '<name>shop</name>', to: `<name>${'s'.repeat(257)}</name>` },
];

for (const { name, from, to } of refusals) {
  test(`issue 11 item 4: the module refuses what the parser refuses — ${name}`, { skip }, () => {
    const changed = twoGroup.replace(from, to);
    assert.notEqual(changed, twoGroup, 'the change applies');
    assert.throws(() => parseDeploymentRequest(changed, 'xml'), { code: 'INVALID_INPUT' });
    assert.equal(yanglintText('config', changed).ok, false, 'yanglint refuses it');
  });
}

test('issue 11 item 5: the RPCs as clients send them are valid esc RPCs', { skip }, () => {
  const files = xmlFiles('test/yang/fixtures').filter((f) => f.endsWith('.rpc.xml'));
  const rpcs = new Set(files.map((f) => /<(\w+) xmlns="http:\/\/www.cisco.com\/esc\/esc">/.exec(readFileSync(f, 'utf8'))?.[1]));
  assert.deepEqual([...rpcs].sort(), ['recoveryVmAction', 'serviceAction', 'snapshotAction', 'vmAction', 'vmBackupAction']);
  for (const file of files) {
    const result = yanglint('nc-rpc', file);
    assert.ok(result.ok, `${file}: ${result.messages}`);
  }
  const wrongAction = readFileSync(files.find((f) => f.endsWith('service-action.rpc.xml'))!, 'utf8').replace('STOP', 'PAUSE');
  assert.equal(yanglintText('nc-rpc', wrongAction).ok, false, 'an unknown actionType is refused');
});

test('issue 11 item 4 / SNAP-7: every escEvent golden file is a valid esc notification', { skip }, () => {
  const files = xmlFiles('src/events/renderers/fixtures');
  assert.ok(files.length >= 5);
  for (const file of files) {
    const result = yanglint('nc-notif', file);
    assert.ok(result.ok, `${file}: ${result.messages}`);
  }
});

/** The enumerations a `typedef` of the module lists. */
function moduleEnums(typedef: string): string[] {
  const source = readFileSync(escModulePath, 'utf8');
  const body = new RegExp(`typedef ${typedef} \\{([\\s\\S]*?)\\n  \\}`).exec(source)?.[1];
  assert.ok(body, `typedef ${typedef} is in the module`);
  return [...body.matchAll(/enum (\w+);/g)].map((m) => m[1]!);
}

test('issue 11 item 4: the module enumerates exactly the domain states, event types and ESC enums', { skip }, () => {
  assert.deepEqual(moduleEnums('service_state'), [...serviceStates]);
  assert.deepEqual(moduleEnums('vm_state'), [...vmStates]);
  const restOnly = new Set(['VM_VOLUME_ACCEPTED_EVENT', 'VM_VOLUME_CREATED_EVENT']);
  assert.deepEqual(moduleEnums('event_type'), eventTypes.filter((t) => !restOnly.has(t)));
  assert.equal(reachesChannel({ restOnly: true }, 'netconf'), false, 'the volume events are REST-only (REST-5)');
  const pairs: [string, keyof typeof escEnums][] = [
    ['metric_cond', 'metricCond'],
    ['metric_type', 'metricType'],
    ['polling_unit', 'pollingUnit'],
    ['size_unit', 'sizeUnit'],
    ['bus_type', 'bus'],
    ['placement_type', 'placementType'],
    ['enforcement_type', 'enforcement'],
    ['action_on_recovery', 'actionOnRecovery'],
    ['recovery_type', 'recoveryType'],
    ['ip_version', 'ipVersion'],
  ];
  for (const [typedef, domain] of pairs) assert.deepEqual(moduleEnums(typedef), [...escEnums[domain]], typedef);
});

test('issue 11 item 4 / IMPL-1: opdata of a deploy the VIM has not yet given a VM id is valid esc data', { skip }, () => {
  // The second VM is still deploying: Nova has not answered, so it has no server id yet.
  const { serverId: _notYet, ...deploying } = { ...sampleVm('shop'), index: 1, name: 'shop_g1_1', state: 'VM_DEPLOYING_STATE' as const };
  const vms = [sampleVm('shop'), deploying];
  const view = sampleView({ tenant: sampleTenant('acme'), spec: sampleSpec('shop'), state: 'SERVICE_DEPLOYING_STATE', vms });
  const opdata = renderDeploymentOpdata(view, 'xml');
  assert.match(opdata, /<vm_name>shop_g1_1<\/vm_name>\s*<state>VM_DEPLOYING_STATE<\/state>/, 'its state is still told');
  const result = yanglintText('get', opdata);
  assert.ok(result.ok, `${result.messages}\n${opdata}`);
});

/** The inner XML of a reply's `<data>`: the esc_datamodel subtree a filtered get or get-config answers. */
function dataOf(reply: string): string {
  const data = /<data(?:\s[^>]*)?>([\s\S]*)<\/data>/.exec(reply)?.[1];
  assert.ok(data?.includes('<esc_datamodel'), `a reply with esc_datamodel data: ${reply}`);
  return data!;
}

test('issue 11 item 4: what a running manager says over NETCONF and REST — opdata, running config, replayed escEvents — is valid esc data', { skip }, async () => {
  const manager = await startTestManager();
  let client: NetconfTestClient | undefined;
  try {
    const api = `${manager.url}/ESCManager/v0`;
    const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: twoGroup, headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 201, await res.text());
    await eventually(async () => ((await manager.engine.getDeployment('shop')).deployment.state === 'SERVICE_ACTIVE_STATE' ? true : undefined), 10_000, 'SERVICE_ACTIVE');
    await manager.engine.runner.idle();

    const restOpdata = await (await fetch(`${api}/deployments`, { headers: { accept: 'application/xml' } })).text();
    assert.match(restOpdata, /<vm_id>/);
    const rest = yanglintText('get', restOpdata);
    assert.ok(rest.ok, `REST opdata: ${rest.messages}`);

    client = await NetconfTestClient.connect({ port: manager.netconfPort! });
    const ask = async (operation: string) => {
      client!.write(`<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1">${operation}</rpc>`);
      return client!.nextMessage();
    };
    const esc = '<esc_datamodel xmlns="http://www.cisco.com/esc/esc"/>';
    const opdata = dataOf(await ask(`<get><filter type="subtree"><esc_datamodel xmlns="http://www.cisco.com/esc/esc"><opdata/></esc_datamodel></filter></get>`));
    const state = yanglintText('get', opdata);
    assert.ok(state.ok, `NETCONF opdata: ${state.messages}\n${opdata}`);
    const running = dataOf(await ask(`<get-config><source><running/></source><filter type="subtree">${esc}</filter></get-config>`));
    const config = yanglintText('getconfig', running);
    assert.ok(config.ok, `running config: ${config.messages}\n${running}`);

    const subscribed = await ask('<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>escEvent</stream><startTime>2000-01-01T00:00:00Z</startTime></create-subscription>');
    assert.match(subscribed, /<ok\/>/);
    await eventually(() => (client!.notifications.some((n) => n.includes('<replayComplete')) ? true : undefined), 10_000, 'replayComplete');
    const escEvents = client.notifications.filter((n) => n.includes('<escEvent'));
    assert.ok(escEvents.some((n) => n.includes('<type>SERVICE_ALIVE</type>')), 'the deploy’s events are replayed');
    for (const notification of escEvents) {
      const result = yanglintText('nc-notif', notification);
      assert.ok(result.ok, `${result.messages}\n${notification}`);
    }
  } finally {
    await client?.close();
    await manager.close();
  }
});
