/** Neutron port create replayed from an answer captured on the real Zed rig (fixtures/), IMPL-3. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { expectFixture, loadFixture, startFakeWorld, type FakeWorld } from '../../testing/replay.ts';

let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

test('IMPL-3 a port with a fixed IP carries its tag in description and reads back', async () => {
  const fx = loadFixture(join(import.meta.dirname, 'fixtures', 'create-fixed-ip.json'));
  const sent = expectFixture(w.cloud, fx);
  const req = (fx.request.body as { port: { network_id: string; fixed_ips: { subnet_id: string; ip_address: string }[] } }).port;
  const port = await w.driver.createPort({}, { name: 'capture-port', networkId: req.network_id, fixedIps: [{ subnetId: req.fixed_ips[0]?.subnet_id, ipAddress: '192.0.2.199' }], tag: 'capture/port' });
  assert.deepEqual(JSON.parse(sent().body), fx.request.body);
  assert.deepEqual(port.fixedIps, [{ subnetId: req.fixed_ips[0]?.subnet_id, ipAddress: '192.0.2.199' }]);
  assert.equal(port.description, 'vnfm_tag=capture/port');
  assert.equal('tag' in port, false, 'no wire-only fields leak');
  w.cloud.assertDone();
});
