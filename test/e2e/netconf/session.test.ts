/**
 * The NETCONF server end to end over real SSH (issue 11 item 1): the hello exchange in both framings,
 * get and get-config (with subtree and XPath filters) on data deployed through REST, close-session.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { XmlNode } from '../../../src/xml/parse.ts';
import { startTestManager, useManagerAndReceiver, type ManagerAndReceiver } from '../../support/manager.ts';
import { NetconfTestClient, replyBody } from '../../support/netconf-client.ts';
import { oneVmDeployment } from '../../support/one-vm-deployment.ts';

let it: ManagerAndReceiver;
useManagerAndReceiver((x) => (it = x));

const connect = (o: { base10Only?: boolean } = {}) => NetconfTestClient.connect({ port: it.manager.netconfPort!, ...o });

/** Element names down the tree, leaves with their text: enough to compare replies. */
function shape(node: XmlNode): unknown {
  return node.children.length === 0 ? node.text.trim() : { [node.name]: node.children.map((c) => (c.children.length === 0 ? { [c.name]: c.text.trim() } : shape(c))) };
}

function find(node: XmlNode, path: string): XmlNode | undefined {
  let at: XmlNode | undefined = node;
  for (const name of path.split('/')) at = at?.children.find((c) => c.name === name);
  return at;
}

test('the hello advertises the capabilities of issue 11 and a session-id; each session gets its own', async () => {
  const a = await connect();
  const b = await connect({ base10Only: true });
  const capabilities = find(a.serverHello, 'capabilities')!.children.map((c) => c.text.trim());
  for (const c of [
    'urn:ietf:params:netconf:base:1.0',
    'urn:ietf:params:netconf:base:1.1',
    'urn:ietf:params:netconf:capability:notification:1.0',
    'urn:ietf:params:netconf:capability:interleave:1.0',
    'urn:ietf:params:netconf:capability:xpath:1.0',
    'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?module=ietf-netconf-monitoring&revision=2010-10-04',
    'urn:ietf:params:xml:ns:netmod:notification?module=nc-notifications&revision=2008-07-14',
    'http://www.cisco.com/esc/esc?module=esc&revision=2026-11-30',
  ]) assert.ok(capabilities.includes(c), c);
  assert.ok(a.sessionId > 0 && b.sessionId > 0 && a.sessionId !== b.sessionId);
  // base:1.1 on both sides → chunked; base:1.0 only → end-of-message. Both answer.
  assert.equal(replyBody(await a.rpc('<get-config><source><running/></source></get-config>')).name, 'data');
  assert.equal(replyBody(await b.rpc('<get-config><source><running/></source></get-config>')).name, 'data');
  await a.close();
  await b.close();
});

test('get-config and get serve the deployment REST accepted, filtered by subtree and by XPath', async () => {
  const response = await fetch(`${it.api}/deployments/nc-dep`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: oneVmDeployment({ tenant: 'nc-t', name: 'nc-dep' }),
  });
  assert.equal(response.status, 201);
  const client = await connect();

  const config = replyBody(await client.rpc('<get-config><source><running/></source></get-config>'));
  const deployment = find(config, 'esc_datamodel/tenants/tenant/deployments/deployment')!;
  assert.equal(find(deployment, 'name')!.text, 'nc-dep');
  assert.equal(find(deployment, 'vm_group/image')!.text, 'cirros');
  assert.equal(find(config, 'esc_datamodel')!.namespace, 'http://www.cisco.com/esc/esc');
  assert.equal(find(config, 'esc_datamodel/opdata'), undefined, 'get-config has no operational data');

  const filtered = replyBody(
    await client.rpc(
      '<get-config><source><running/></source><filter type="subtree"><esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>nc-t</name>' +
        '<deployments><deployment><name>nc-dep</name><vm_group><flavor/></vm_group></deployment></deployments></tenant></tenants></esc_datamodel></filter></get-config>',
    ),
  );
  assert.deepEqual(shape(filtered), {
    data: [{ esc_datamodel: [{ tenants: [{ tenant: [{ name: 'nc-t' }, { deployments: [{ deployment: [{ name: 'nc-dep' }, { vm_group: [{ flavor: 'm1.tiny' }] }] }] }] }] }] }],
  });
  const none = replyBody(
    await client.rpc('<get-config><source><running/></source><filter><esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>other</name></tenant></tenants></esc_datamodel></filter></get-config>'),
  );
  assert.equal(none.children.length, 0, 'a filter that matches nothing gives empty data');

  const state = replyBody(
    await client.rpc(
      `<get><filter type="xpath" select="/esc_datamodel/opdata/tenants/tenant[name='nc-t']/deployments[deployment_name='nc-dep']/state_machine/state"/></get>`,
    ),
  );
  const deployments = find(state, 'esc_datamodel/opdata/tenants/tenant/deployments')!;
  assert.deepEqual(deployments.children.map((c) => c.name), ['deployment_name', 'state_machine']);
  assert.match(find(deployments, 'state_machine/state')!.text, /^SERVICE_[A-Z]+_STATE$/);

  const everything = replyBody(await client.rpc('<get/>'));
  const tops = everything.children.map((c) => c.name);
  assert.ok(tops.includes('esc_datamodel') && tops.includes('netconf-state'), tops.join());
  assert.equal(find(everything, 'netconf-state/schemas/schema/identifier')!.text, 'esc');
  await client.close();
});

test('close-session answers ok and ends the session', async () => {
  const client = await connect();
  assert.equal(replyBody(await client.rpc('<close-session/>')).name, 'ok');
  await client.closed;
});

test('a NETCONF port that cannot be bound is one error line naming netconf.port and VNFM_NETCONF_PORT; REST starts anyway', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  const second = await startTestManager({ logger, settings: { 'netconf.port': String(it.manager.netconfPort) } });
  try {
    assert.equal(second.netconfPort, undefined);
    assert.equal(lines.length, 1, lines.join());
    assert.match(JSON.parse(lines[0]!).msg, /^NETCONF not started on 127\.0\.0\.1:\d+: .*EADDRINUSE.*; set netconf\.port or VNFM_NETCONF_PORT \(e\.g\. 2830\)$/);
    assert.equal((await fetch(`${second.url}/ESCManager/v0/tenants`)).status, 200);
  } finally {
    await second.close();
  }
});
