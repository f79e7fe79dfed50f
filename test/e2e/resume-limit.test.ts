/**
 * IMPL-4: an operation left open by a stopped manager is resumed at the next start; one that was
 * resumed `engine.operation.max.resumes` times without finishing (a poison operation) is failed
 * instead, with its notification, rather than looping forever.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { eventually, startTestManager, tempDataDir } from '../support/manager.ts';

const xml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');

async function leaveDeployOpen(dataDir: string, receiver: HttpReceiver): Promise<string> {
  const first = await startTestManager({ dataDir });
  first.emulator!.admin.setDurations({ serverBuild: 3_000 });
  const res = await fetch(`${first.url}/ESCManager/v0/deployments/shop`, {
    method: 'POST', body: xml,
    headers: { 'content-type': 'application/xml', callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') },
  });
  assert.equal(res.status, 201);
  const txn = res.headers.get('esc-transaction-id')!;
  await eventually(() => (first.emulator!.admin.dump().servers.length > 0 ? true : undefined), 10_000, 'a server in BUILD');
  await first.close(); // graceful: the deploy stays RUNNING, to be resumed
  return txn;
}

test('IMPL-4 an open operation is resumed at start and completes', async () => {
  const receiver = await HttpReceiver.start();
  const dataDir = tempDataDir();
  const txn = await leaveDeployOpen(dataDir, receiver);
  const second = await startTestManager({ dataDir });
  try {
    const done = await completionOf(receiver, txn);
    assert.equal(done.headers['esc-status-code'], '200');
    assert.equal((await second.store.getOperation(txn))!.resumes, 1);
  } finally {
    await second.close();
    await receiver.close();
  }
});

test('IMPL-4 an operation resumed past engine.operation.max.resumes fails with its notification', async () => {
  const receiver = await HttpReceiver.start();
  const dataDir = tempDataDir();
  const txn = await leaveDeployOpen(dataDir, receiver);
  const second = await startTestManager({ dataDir, settings: { 'engine.operation.max.resumes': '0' } });
  try {
    const done = await completionOf(receiver, txn);
    assert.equal(done.headers['esc-status-code'], '500');
    assert.match(String(done.headers['esc-status-message']), /resumed 0 times without finishing; giving up/);
    const op = (await second.store.getOperation(txn))!;
    assert.equal(op.status, 'FAILED');
    await second.outbox.drain(5_000);
    const last = eventsOf(receiver, txn).at(-1)!;
    assert.deepEqual([last.type, last.status], ['SERVICE_ALIVE', 'FAILURE']);
    assert.equal((await second.engine.getDeployment('shop')).deployment.state, 'SERVICE_ERROR_STATE');
  } finally {
    await second.close();
    await receiver.close();
  }
});
