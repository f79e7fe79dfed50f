/**
 * Bad input gets a clear error and changes nothing (foundation issue, "Bad input"): each request
 * below is refused with its status and a message naming the problem, and the store is the same
 * afterwards (tenants, deployments, operations, events).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Manager } from '../../src/app/manager.ts';
import { eventually, startTestManager, storeSnapshot } from '../support/manager.ts';

const xml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');
let manager: Manager;
let api: string;

before(async () => {
  manager = await startTestManager();
  api = `${manager.url}/ESCManager/v0`;
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201);
  await eventually(async () => ((await manager.engine.getDeployment('shop')).deployment.state === 'SERVICE_ACTIVE_STATE' ? true : undefined), 20_000, 'shop active');
  await manager.engine.runner.idle();
});
after(() => manager.close());

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const entity = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><esc_datamodel xmlns="http://www.cisco.com/esc/esc">&a;</esc_datamodel>';
type Case = { name: string; method: string; path: string; body?: string; type?: string; status: number; message: RegExp };

/** COMP-1/COMP-4 (issue 12 "Bad input"): the two-group deployment, as a new one or an update of `shop`, made wrong. */
function compositeCases(): Case[] {
  const other = xml.replace('<name>shop</name>', '<name>other</name>');
  const policies = (extra: string) => other.replace('</policies>', `${extra}</policies>`);
  const placement = (target: string, type: string, refs: string, enforcement = 'strict') =>
    `<placement><target_vm_group_ref>${target}</target_vm_group_ref><type>${type}</type><enforcement>${enforcement}</enforcement>${refs}</placement>`;
  const webMin5 = (doc: string) => doc.replace('<min_active>2</min_active>', '<min_active>5</min_active>');
  return [
    { name: 'COMP-1 a dependency cycle', body: policies('<startup><target_vm_group_ref>db</target_vm_group_ref><depends_on><vm_group_ref>web</vm_group_ref></depends_on></startup>'), message: /dependency cycle (web → db → web|db → web → db)/ },
    { name: 'COMP-1 a dependency on an unknown group', body: other.replace('<depends_on><vm_group_ref>db</vm_group_ref>', '<depends_on><vm_group_ref>cache</vm_group_ref>'), message: /vm_group_ref cache names no vm_group/ },
    { name: 'COMP-1 a placement naming an unknown group', body: policies(placement('web', 'affinity', '<vm_group_ref>cache</vm_group_ref>')), message: /vm_group_ref cache names no vm_group/ },
    {
      name: 'COMP-1 a group under two different placement policies',
      body: policies(placement('web', 'affinity', '<vm_group_ref>db</vm_group_ref>') + placement('db', 'anti_affinity', '<vm_group_ref>web</vm_group_ref>')),
      message: /vm_group db is under two placement policies \(policy\.0\.web, policy\.1\.db\)/,
    },
    { name: 'COMP-4 min_active above max_active', body: webMin5(other), message: /min_active \(5\) must not exceed max_active \(4\)/ },
  ]
    .map((c) => ({ ...c, method: 'POST', path: '/deployments/other', status: 400 }))
    .concat([{ name: 'COMP-4 an update raising min_active above max_active', method: 'PUT', path: '/deployments/shop', body: webMin5(xml), status: 400, message: /min_active \(5\) must not exceed max_active \(4\)/ }]);
}

const cases: Case[] = [
  { name: 'malformed XML', method: 'POST', path: '/deployments/other', body: '<esc_datamodel><tenants>', status: 400, message: /XML|tenants/i },
  { name: 'malformed JSON', method: 'POST', path: '/deployments/other', body: '{"esc_datamodel": ', type: 'application/json', status: 400, message: /JSON/i },
  { name: 'a DTD or entity declaration is never expanded', method: 'POST', path: '/deployments/other', body: entity, status: 400, message: /DTD|entit/i },
  { name: 'a name over 256 characters', method: 'POST', path: `/deployments/${'n'.repeat(257)}`, body: xml.replace('<name>shop</name>', `<name>${'n'.repeat(257)}</name>`), status: 400, message: /256/ },
  { name: 'a missing mandatory element', method: 'POST', path: '/deployments/other', body: xml.replace('<name>shop</name>', '<name>other</name>').replace('<flavor>m1.tiny</flavor>', ''), status: 400, message: /flavor/ },
  { name: 'deployment name differs from the path id', method: 'POST', path: '/deployments/other', body: xml, status: 400, message: /shop.*other|other.*shop/ },
  { name: 'a deployment that already exists', method: 'POST', path: '/deployments/shop', body: xml, status: 409, message: /already exists/ },
  { name: 'update of an unknown deployment', method: 'PUT', path: '/deployments/ghost', body: xml.replace('<name>shop</name>', '<name>ghost</name>'), status: 404, message: /ghost/ },
  { name: 'undeploy of an unknown deployment', method: 'DELETE', path: '/deployments/ghost', status: 404, message: /ghost/ },
  { name: 'read of an unknown deployment', method: 'GET', path: '/deployments/ghost', status: 404, message: /ghost/ },
  { name: 'read of an unknown tenant', method: 'GET', path: '/tenants/ghost', status: 404, message: /ghost/ },
  { name: 'delete of an unknown tenant', method: 'DELETE', path: '/tenants/ghost', status: 404, message: /ghost/ },
  { name: 'OPS-1 a service operation without a body', method: 'POST', path: '/acme/deployments/service/shop', body: '', status: 400, message: /body is mandatory|service_operation/ },
  { name: 'OPS-1 an unknown service operation', method: 'POST', path: '/acme/deployments/service/shop', body: `<service_operation ${ns}><operation>pause</operation></service_operation>`, status: 400, message: /\[pause\] is not one of start, stop, reboot/ },
  { name: 'OPS-1 a service operation on an unknown deployment', method: 'POST', path: '/acme/deployments/service/ghost', body: `<service_operation ${ns}><operation>stop</operation></service_operation>`, status: 404, message: /ghost/ },
  { name: 'OPS-1 a service operation in an unknown tenant', method: 'POST', path: '/nobody/deployments/service/shop', body: `<service_operation ${ns}><operation>stop</operation></service_operation>`, status: 404, message: /nobody/ },
  { name: 'VMOP-1 force that is not a boolean', method: 'POST', path: '/acme/deployments/vm/any', body: `<vm_operation ${ns}><operation>stop</operation><force>yes</force></vm_operation>`, status: 400, message: /force \[yes\] must be true or false/ },
  { name: 'VMOP-1 an unknown VM', method: 'POST', path: '/acme/deployments/vm/shop_web_9_nobody', body: `<vm_operation ${ns}><operation>stop</operation><force>false</force></vm_operation>`, status: 404, message: /shop_web_9_nobody/ },
  { name: 'OPS-5 a start on a running service', method: 'POST', path: '/acme/deployments/service/shop', body: `<service_operation ${ns}><operation>start</operation></service_operation>`, status: 409, message: /already running \(OPS-5\)/ },
  ...compositeCases(),
  { name: 'a body over 1 MiB', method: 'POST', path: '/deployments/big', body: `<x>${'a'.repeat(1024 * 1024)}</x>`, status: 413, message: /large|limit|1048576/i },
];

for (const c of cases)
  test(`bad input: ${c.name} → ${c.status}, nothing changed`, async () => {
    const before = await storeSnapshot(manager);
    const res = await fetch(`${api}${c.path}`, { method: c.method, body: c.body, headers: c.body !== undefined ? { 'content-type': c.type ?? 'application/xml' } : {} });
    const text = await res.text();
    assert.equal(res.status, c.status, text);
    assert.match(text, c.message);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  });
