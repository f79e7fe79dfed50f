/**
 * edit-config semantics and ESC's RPCs over real NETCONF sessions (issue 11 items 2 and 5), on the
 * engine calls REST makes: create/merge/delete/remove on deployments and tenants, the RPCs as plain
 * RPCs and wrapped in edit-config, and the refusals (data-exists, data-missing, a missing leaf, an
 * unknown element or operation) that change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Manager } from '../../../src/app/manager.ts';
import { startTestManager, storeSnapshot } from '../../support/manager.ts';
import { NetconfTestClient, replyBody, rpcError } from '../../support/netconf-client.ts';
import { oneVmDeployment } from '../../support/one-vm-deployment.ts';

let manager: Manager;
let client: NetconfTestClient;

before(async () => {
  manager = await startTestManager();
  client = await NetconfTestClient.connect({ port: manager.netconfPort! });
});
after(async () => {
  await client.close();
  await manager.close();
});

const esc = 'http://www.cisco.com/esc/esc';
const running = '<target><running/></target>';

/** The deployment document without its XML declaration, the `deployment` element marked with `operation`. */
function datamodel(o: { tenant: string; name: string; operation?: string }): string {
  const doc = oneVmDeployment(o).replace(/^<\?xml[^>]*>\s*/, '');
  return o.operation ? doc.replace('<deployment>', `<deployment xmlns:xc="urn:ietf:params:xml:ns:netconf:base:1.0" xc:operation="${o.operation}">`) : doc;
}

const edit = (config: string, extra = '') => client.rpc(`<edit-config>${running}${extra}<config>${config}</config></edit-config>`);

async function assertOk(reply: Promise<import('../../../src/xml/parse.ts').XmlNode>): Promise<void> {
  const body = replyBody(await reply);
  assert.equal(body.name, 'ok', body.name === 'rpc-error' ? rpcError(await reply).message : body.name);
}

async function state(name: string): Promise<string> {
  await manager.engine.runner.idle();
  return (await manager.engine.getDeployment(name)).deployment.state;
}

test('create deploys; create again is data-exists; merge of an existing deployment updates it; delete undeploys; delete again is data-missing; remove is quiet', async () => {
  await assertOk(edit(datamodel({ tenant: 'ec-t', name: 'ec-d', operation: 'create' })));
  assert.equal(await state('ec-d'), 'SERVICE_ACTIVE_STATE');

  const before = await storeSnapshot(manager);
  assert.deepEqual(rpcError(await edit(datamodel({ tenant: 'ec-t', name: 'ec-d', operation: 'create' }))), {
    type: 'application', tag: 'data-exists', appTag: '409', message: 'deployment [ec-d] already exists',
  });
  assert.equal(await storeSnapshot(manager), before, 'a refused edit changes nothing');

  await assertOk(edit(datamodel({ tenant: 'ec-t', name: 'ec-d' }).replace('<name>ec-d</name>', '<name>ec-d</name><description>v2</description>')));
  assert.equal(await state('ec-d'), 'SERVICE_ACTIVE_STATE');
  assert.equal((await manager.engine.getDeployment('ec-d')).deployment.spec.description, 'v2', 'merge on an existing deployment is a service update');

  await assertOk(edit(datamodel({ tenant: 'ec-t', name: 'ec-d', operation: 'delete' })));
  const config = replyBody(await client.rpc('<get-config><source><running/></source></get-config>'));
  assert.doesNotMatch(JSON.stringify(config), /ec-d/, 'an accepted delete leaves the running config at once');
  await manager.engine.runner.idle();
  assert.equal((await manager.engine.listDeployments()).length, 0);
  assert.deepEqual(rpcError(await edit(datamodel({ tenant: 'ec-t', name: 'ec-d', operation: 'delete' }))), {
    type: 'application', tag: 'data-missing', appTag: '404', message: 'deployment [ec-d] does not exist',
  });
  await assertOk(edit(datamodel({ tenant: 'ec-t', name: 'ec-d', operation: 'remove' })));
});

test('tenants: create (data-exists the second time), delete (data-missing the second time)', async () => {
  const tenant = (op: string) => `<esc_datamodel xmlns="${esc}" xmlns:xc="urn:ietf:params:xml:ns:netconf:base:1.0"><tenants><tenant xc:operation="${op}"><name>ec-new</name><description>d</description></tenant></tenants></esc_datamodel>`;
  await assertOk(edit(tenant('create')));
  assert.equal((await manager.engine.getTenant('ec-new')).description, 'd');
  assert.equal(rpcError(await edit(tenant('create'))).tag, 'data-exists');
  await manager.engine.runner.idle();
  await assertOk(edit(tenant('delete')));
  await manager.engine.runner.idle();
  assert.equal(rpcError(await edit(tenant('delete'))).tag, 'data-missing');
});

test('the RPCs, plain and wrapped in edit-config, make the engine calls of their REST twins', async () => {
  await assertOk(edit(datamodel({ tenant: 'rpc-t', name: 'rpc-d' })));
  assert.equal(await state('rpc-d'), 'SERVICE_ACTIVE_STATE');
  const serviceAction = (action: string) =>
    `<serviceAction xmlns="${esc}"><actionType>${action}</actionType><tenantName>rpc-t</tenantName><depName>rpc-d</depName><serviceName>-</serviceName><serviceVersion>-</serviceVersion></serviceAction>`;
  await assertOk(client.rpc(serviceAction('STOP')));
  assert.equal(await state('rpc-d'), 'SERVICE_STOPPED_STATE');
  await assertOk(edit(serviceAction('START')));
  assert.equal(await state('rpc-d'), 'SERVICE_ACTIVE_STATE');

  const vm = (await manager.engine.getDeployment('rpc-d')).vms[0]!.name;
  await assertOk(client.rpc(`<vmAction xmlns="${esc}"><actionType>REBOOT</actionType><vmName>${vm}</vmName><force>true</force></vmAction>`));
  assert.equal(await state('rpc-d'), 'SERVICE_ACTIVE_STATE');
  await assertOk(edit(`<vmAction xmlns="${esc}"><actionType>DISABLE_MONITOR</actionType><vmName>${vm}</vmName></vmAction>`));
  await manager.engine.runner.idle();
  await assertOk(client.rpc(`<vmAction xmlns="${esc}"><actionType>ENABLE_MONITOR</actionType><vmName>${vm}</vmName></vmAction>`));
  await manager.engine.runner.idle();
  await assertOk(client.rpc(`<recoveryVmAction xmlns="${esc}"><actionType>DO</actionType><vmName>${vm}</vmName></recoveryVmAction>`));
  await manager.engine.runner.idle();

  const xmlFile = '&lt;note&gt;before the upgrade&lt;/note&gt;';
  await assertOk(client.rpc(`<vmBackupAction xmlns="${esc}"><vmName>${vm}</vmName><backupName>nc-snap</backupName><xmlFile>${xmlFile}</xmlFile></vmBackupAction>`));
  await manager.engine.runner.idle();
  assert.deepEqual((await manager.engine.listSnapshots({ name: 'nc-snap' })).map((s) => s.status), ['available']);
  await assertOk(client.rpc(`<snapshotAction xmlns="${esc}"><actionType>DELETE</actionType><snapshotRef>nc-snap</snapshotRef></snapshotAction>`));
  await manager.engine.runner.idle();
  assert.deepEqual(await manager.engine.listSnapshots({ name: 'nc-snap' }), []);

  const missing = rpcError(await client.rpc(`<snapshotAction xmlns="${esc}"><actionType>DELETE</actionType><snapshotRef>nc-snap</snapshotRef></snapshotAction>`));
  assert.deepEqual(missing, { type: 'application', tag: 'data-missing', appTag: '404', message: 'Snapshot image [nc-snap] not found.' });
});

test('bad RPC input is an rpc-error naming the element, and changes nothing', async () => {
  const before = await storeSnapshot(manager);
  const cases: [string, string, RegExp][] = [
    [`<serviceAction xmlns="${esc}"><actionType>STOP</actionType><tenantName>t</tenantName></serviceAction>`, 'missing-element', /serviceAction\/depName is mandatory/],
    [`<vmAction xmlns="${esc}"><actionType>HALT</actionType><vmName>v</vmName></vmAction>`, 'bad-element', /\[actionType\] \[HALT\] is not one of START, STOP, REBOOT/],
    [`<vmAction xmlns="${esc}"><actionType>STOP</actionType><vmName>v</vmName><colour>red</colour></vmAction>`, 'unknown-element', /unknown element \[colour\] in vmAction/],
    [`<vmAction xmlns="${esc}"><actionType>STOP</actionType><vmName>nope</vmName></vmAction>`, 'data-missing', /VM \[nope\] not found/],
    [`<vmBackupAction xmlns="${esc}"><vmName>v</vmName><backupName>b</backupName><xmlFile>&lt;a&gt;</xmlFile></vmBackupAction>`, 'bad-element', /xmlFile.*not a well-formed XML document/],
    [`<launchMissiles xmlns="${esc}"/>`, 'operation-not-supported', /operation \[launchMissiles\] is not supported/],
    [`<edit-config>${running}<config><esc_datamodel xmlns="${esc}"><vim_connectors/></esc_datamodel></config></edit-config>`, 'unknown-element', /unknown element \[vim_connectors\] in esc_datamodel/],
    [`<edit-config>${running}<config>${datamodel({ tenant: 't', name: 'd' }).replace('<min_active>1</min_active>', '')}</config></edit-config>`, 'invalid-value', /scaling\/min_active is mandatory/],
    [`<edit-config><target><candidate/></target><config/></edit-config>`, 'invalid-value', /datastore \[candidate\] is not supported/],
    [`<edit-config>${running}</edit-config>`, 'missing-element', /edit-config\/config is mandatory/],
  ];
  for (const [operation, tag, message] of cases) {
    const error = rpcError(await client.rpc(operation));
    assert.equal(error.tag, tag, operation);
    assert.match(error.message, message, operation);
  }
  // One bad deployment in an edit-config carrying a good one too: nothing is deployed.
  const both = datamodel({ tenant: 'bt', name: 'good' }) + datamodel({ tenant: 'bt', name: 'bad' }).replace('<image>cirros</image>', '');
  assert.equal(rpcError(await edit(both)).tag, 'invalid-value');
  assert.equal(await storeSnapshot(manager), before);
});

test('default-operation none leaves unmarked elements alone; test-only validates and acts not; another default-operation is bad-element', async () => {
  const before = await storeSnapshot(manager);
  await assertOk(edit(datamodel({ tenant: 'opt-t', name: 'opt-d' }), '<default-operation>none</default-operation>'));
  await assertOk(edit(datamodel({ tenant: 'opt-t', name: 'opt-d' }), '<test-option>test-only</test-option>'));
  assert.equal(rpcError(await edit(datamodel({ tenant: 'opt-t', name: 'opt-d' }).replace('<image>cirros</image>', ''), '<test-option>test-only</test-option>')).tag, 'invalid-value');
  assert.match(rpcError(await edit(datamodel({ tenant: 'opt-t', name: 'opt-d' }), '<default-operation>create</default-operation>')).message, /default-operation\] \[create\] is not merge, replace or none/);
  assert.equal(await storeSnapshot(manager), before);
});

test('issue 11 item 8: in maintenance an edit equal to the running config is <ok/>; any other change and the RPCs are resource-denied (503), reads still answer', async () => {
  await assertOk(edit(datamodel({ tenant: 'mm-t', name: 'mm-d', operation: 'create' })));
  assert.equal(await state('mm-d'), 'SERVICE_ACTIVE_STATE');
  await manager.admin.setOpMode({ mode: 'MAINTENANCE', iptCheck: false });
  try {
    const before = await storeSnapshot(manager);
    await assertOk(edit(datamodel({ tenant: 'mm-t', name: 'mm-d' })));
    const denied = { type: 'application', tag: 'resource-denied', appTag: '503', message: 'ESC is in maintenance mode' };
    assert.deepEqual(rpcError(await edit(datamodel({ tenant: 'mm-t', name: 'mm-d' }).replace('<name>mm-d</name>', '<name>mm-d</name><description>v2</description>'))), denied);
    assert.deepEqual(rpcError(await edit(datamodel({ tenant: 'mm-t', name: 'mm-d', operation: 'delete' }))), denied);
    assert.deepEqual(
      rpcError(await client.rpc(`<serviceAction xmlns="${esc}"><actionType>STOP</actionType><tenantName>mm-t</tenantName><depName>mm-d</depName></serviceAction>`)),
      denied,
    );
    assert.equal(replyBody(await client.rpc('<get-config><source><running/></source></get-config>')).name, 'data');
    assert.equal(await storeSnapshot(manager), before, 'nothing changed in maintenance');
  } finally {
    await manager.admin.setOpMode({ mode: 'OPERATION', iptCheck: false });
  }
  await assertOk(edit(datamodel({ tenant: 'mm-t', name: 'mm-d', operation: 'delete' })));
});
