import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../../test/golden.ts';
import { samples, serviceAliveFailure } from '../testing/sample-events.ts';
import { renderEventCallback } from './event-callback-json.ts';

const fixture = (name: string) => new URL(`fixtures/${name}.callback.json`, import.meta.url).pathname;
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

for (const [name, event] of Object.entries(samples)) {
  test(`events callback JSON of ${name} matches its golden file`, () => {
    assertGolden(fixture(kebab(name)), `${JSON.stringify(renderEventCallback(event), null, 2)}\n`);
  });
}

test('events callback keeps the source sample keys, statusCode as a string', () => {
  const body = renderEventCallback(serviceAliveFailure) as Record<string, unknown>;
  for (const key of ['escTransactionId', 'eventType', 'eventSourceContext', 'eventTargetContext', 'message',
    'stateMachineEventNBInfo', 'escParameter', 'vmUpdateType', 'requestDetails', 'statusCode', 'notificationOnlyEvent']) {
    assert.ok(key in body, key);
  }
  assert.equal(body.statusCode, '500');
  assert.equal(body.eventSourceContext, null);
  assert.equal(body.seq, null);
});

test('events callback without deployment, tenant or network has escParameter null', () => {
  const { deploymentName, deploymentId, tenant, ...bare } = serviceAliveFailure;
  assert.equal((renderEventCallback(bare) as { escParameter: unknown }).escParameter, null);
});
