/**
 * vmBackupAction's `xmlFile` is stored with the backup (issue 11 item 5, SNAP-5 [I]): over a real
 * NETCONF session, the escaped document lands on the snapshot record (read back from the SQLite
 * store), an inline one is kept as sent, an EXPORT writes it into the manifest beside the image, and
 * a document over `rest.body.limit.bytes` is refused with nothing recorded.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Manager } from '../../../src/app/manager.ts';
import { escapeXml } from '../../../src/xml/escape.ts';
import { startTestManager } from '../../support/manager.ts';
import { NetconfTestClient, replyBody, rpcError } from '../../support/netconf-client.ts';
import { oneVmDeployment } from '../../support/one-vm-deployment.ts';

let manager: Manager;
let client: NetconfTestClient;
let vm: string;

const esc = 'http://www.cisco.com/esc/esc';

before(async () => {
  manager = await startTestManager({ settings: { 'rest.body.limit.bytes': '4096' } });
  client = await NetconfTestClient.connect({ port: manager.netconfPort! });
  const doc = oneVmDeployment({ tenant: 'xf-t', name: 'xf-d' }).replace(/^<\?xml[^>]*>\s*/, '');
  assertOk(await client.rpc(`<edit-config><target><running/></target><config>${doc}</config></edit-config>`));
  await manager.engine.runner.idle();
  vm = (await manager.engine.getDeployment('xf-d')).vms[0]!.name;
});
after(async () => {
  await client.close();
  await manager.close();
});

function assertOk(reply: import('../../../src/xml/parse.ts').XmlNode): void {
  const body = replyBody(reply);
  assert.equal(body.name, 'ok', body.name === 'rpc-error' ? rpcError(reply).message : body.name);
}

const backup = (name: string, action: string, xmlFile: string) =>
  client.rpc(`<vmBackupAction xmlns="${esc}"><actionType>${action}</actionType><vmName>${vm}</vmName><backupName>${name}</backupName><xmlFile>${xmlFile}</xmlFile></vmBackupAction>`);

async function stored(name: string) {
  await manager.engine.runner.idle();
  const [s] = await manager.engine.listSnapshots({ name });
  assert.equal(s?.status, 'available');
  return (await manager.store.getSnapshot(s.id))!;
}

const document = '<backup reason="upgrade &amp; test"><note>before the upgrade</note></backup>';

test('SNAP-5 vmBackupAction SNAPSHOT keeps the escaped xmlFile on the snapshot record', async () => {
  assertOk(await backup('xf-snap', 'SNAPSHOT', escapeXml(document)));
  assert.equal((await stored('xf-snap')).xmlFile, document);
});

test('SNAP-5 vmBackupAction with an inline xmlFile keeps the element as sent', async () => {
  assertOk(await backup('xf-inline', 'SNAPSHOT', '<backup><note>inline</note></backup>'));
  assert.equal((await stored('xf-inline')).xmlFile, '<backup>\n  <note>inline</note>\n</backup>');
});

test('SNAP-5 vmBackupAction EXPORT writes xmlFile into the manifest beside the image', async () => {
  assertOk(await backup('xf-export', 'EXPORT', escapeXml(document)));
  const s = await stored('xf-export');
  const manifest = JSON.parse(readFileSync(join(manager.config.string('data.dir'), 'exports', s.id, 'manifest.json'), 'utf8'));
  assert.equal(manifest.xml_file, document);
});

test('SNAP-5 an xmlFile over rest.body.limit.bytes is refused and nothing is recorded', async () => {
  const before = (await manager.engine.listSnapshots()).length;
  const error = rpcError(await backup('xf-big', 'SNAPSHOT', escapeXml(`<a>${'x'.repeat(5000)}</a>`)));
  assert.equal(error.appTag, '400');
  assert.match(error.message, /rest\.body\.limit\.bytes/);
  assert.equal((await manager.engine.listSnapshots()).length, before);
});
