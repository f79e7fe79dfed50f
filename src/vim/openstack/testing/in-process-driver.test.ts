/**
 * The real OpenStack driver over the emulator in process (IMPL-3): calls reach the emulator with no
 * socket, each one is recorded, the emulator's transitions run on the injected clock, a lost answer
 * is in doubt as over HTTP, and on the system clock an answer comes in a later event-loop turn.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { FakeClock } from '../../../time/fake-clock.ts';
import { VimError } from '../../errors.ts';
import type { CreateServerRequest, VimDriver } from '../../driver.ts';
import { inProcessDriver, type InProcessDriver } from './in-process-driver.ts';

let world: InProcessDriver | undefined;
beforeEach(() => {
  // No socket may be opened and the global fetch may not be used: the transport is the emulator.
  mock.method(net.Socket.prototype, 'connect', () => assert.fail('a socket was opened'));
  mock.method(net.Server.prototype, 'listen', () => assert.fail('a server listened'));
  mock.method(globalThis, 'fetch', () => assert.fail('the global fetch was used'));
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  mock.restoreAll();
});

async function serverRequest(driver: VimDriver, tag: string): Promise<CreateServerRequest> {
  const [flavor, image, network] = await Promise.all([driver.findFlavor({}, 'm1.tiny'), driver.findImage({}, 'cirros'), driver.findNetwork({}, 'private')]);
  return { name: tag, flavorId: flavor?.id ?? '', imageId: image?.id, portIds: [], networks: [{ networkId: network?.id ?? '' }], blockDevices: [], metadata: {}, tag };
}

test('IMPL-3 a server builds on the fake clock: BUILD until its build time has passed, then ACTIVE', async () => {
  const clock = new FakeClock();
  world = inProcessDriver({ clock, durations: { serverBuild: 5_000 } });
  const { driver } = world;
  const created = await driver.createServer({}, await serverRequest(driver, 'vm1'));
  assert.equal((await driver.getServer({}, created.id))?.status, 'BUILD');
  await clock.advance(4_999);
  assert.equal((await driver.getServer({}, created.id))?.status, 'BUILD');
  await clock.advance(1);
  assert.equal((await driver.getServer({}, created.id))?.status, 'ACTIVE');
  assert.deepEqual((await driver.listServers({}, { tag: 'vm1' })).map((s) => s.id), [created.id]);
});

test('IMPL-3 zero durations: on the system clock a server is ACTIVE within a few ticks, no state file involved', async () => {
  world = inProcessDriver();
  const { driver } = world;
  const created = await driver.createServer({}, await serverRequest(driver, 'vm2'));
  let status = created.status;
  for (let tick = 0; tick < 20 && status !== 'ACTIVE'; tick++) {
    await new Promise((r) => setTimeout(r, 1));
    status = (await driver.getServer({}, created.id))?.status ?? 'gone';
  }
  assert.equal(status, 'ACTIVE');
});

test('IMPL-3 every OpenStack call is recorded in order as service, method and path; clear() starts over', async () => {
  const clock = new FakeClock();
  world = inProcessDriver({ clock });
  const { driver, calls } = world;
  const volume = await driver.createVolume({}, { name: 'v1', size: 1, tag: 'op/v1' });
  await driver.getVolume({}, volume.id);
  await driver.listServers({}, { tag: 'none' });
  assert.deepEqual(calls.list(), [
    { service: 'identity', method: 'POST', path: 'auth/tokens' },
    { service: 'volume', method: 'POST', path: 'volumes' },
    { service: 'volume', method: 'GET', path: `volumes/${volume.id}` },
    { service: 'compute', method: 'GET', path: 'servers/detail' },
  ]);
  assert.equal(calls.count({ service: 'volume' }), 2);
  calls.clear();
  await clock.advance(0); // creating → available: zero duration, still a transition on the fake clock
  await driver.deleteVolume({}, volume.id);
  assert.deepEqual(calls.list(), [{ service: 'volume', method: 'DELETE', path: `volumes/${volume.id}` }]);
});

test('IMPL-3 a lost answer in process is in doubt, and the create did happen', async () => {
  world = inProcessDriver({ clock: new FakeClock() });
  const { driver, emulator } = world;
  emulator.admin.setFaults({ rules: [{ match: { action: 'volume.create' }, lostResponse: true, count: 1 }] });
  await assert.rejects(driver.createVolume({}, { name: 'v2', size: 1, tag: 'op/v2' }), (err: unknown) => {
    assert.ok(err instanceof VimError);
    assert.equal(err.kind, 'in-doubt');
    return true;
  });
  assert.equal((await driver.listVolumes({}, { tag: 'op/v2' })).length, 1);
});

test('IMPL-3 on the system clock a call answers in a later turn, so a caller looping on calls lets timers run', async () => {
  world = inProcessDriver();
  const { driver } = world;
  let fired = false;
  setTimeout(() => (fired = true), 1);
  for (let i = 0; i < 500 && !fired; i++) await driver.listServers({});
  assert.ok(fired, 'the timer fired while the loop was calling');
});
