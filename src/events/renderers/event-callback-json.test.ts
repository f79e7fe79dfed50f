import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../../test/golden.ts';
import { restOnlySamples, samples, serviceAliveFailure } from '../testing/sample-events.ts';
import { renderEventCallback } from './event-callback-json.ts';

const fixture = (name: string) => new URL(`fixtures/${name}.callback.json`, import.meta.url).pathname;
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

for (const [name, event] of Object.entries({ ...samples, ...restOnlySamples })) {
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

test('a volume event (REST-5) has the seed sample escParameter keys in order, values as strings', () => {
  const body = renderEventCallback(restOnlySamples.vmVolumeCreated) as { escParameter: Record<string, unknown>; statusCode: string };
  assert.deepEqual(Object.keys(body.escParameter).slice(0, 17), [
    'external_volume_id', 'size', 'sizeunit', 'bus', 'type', 'outOfBand', 'bootIndex', 'name', 'format', 'deviceType',
    'storageLocation', 'external_tenant_id', 'internal_tenant_id', 'internal_volume_id', 'volid', 'event_type', 'image',
  ]);
  assert.equal(body.escParameter.external_volume_id, 'c3cd5d13-63bf-49f0-b864-df3bc024d5e4');
  assert.equal(body.escParameter.size, '2');
  assert.equal(body.statusCode, '201');
});
