/**
 * The VimDriver contract against the embedded OpenStack emulator (emulator/, IMPL-3): the same
 * cases the real rig passes (test/openstack-real/driver.real.test.ts), with transitions sped up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '../../../emulator/emulator.ts';
import { inProcessEmulator } from '../../../emulator/testing/in-process.ts';
import { getToken } from '../../../emulator/testing/client.ts';
import { emulatorConnector } from './connector.ts';
import { driverContract } from './driver-contract.ts';
import { createOpenStackDriver } from './openstack-driver.ts';

driverContract('OpenStack emulator', async () => {
  const emulator = await startEmulator({ port: 0, timeScale: 0.01 });
  return {
    driver: createOpenStackDriver(emulatorConnector(emulator.authUrl, 'emulator')),
    imageName: 'cirros',
    networkName: 'private',
    flavorName: 'm1.tiny',
    reserveVolume: async (volumeId, serverId) => {
      const { token, body } = await getToken(emulator.authUrl);
      const res = await fetch(`${emulator.url}/volume/v3/${body.token.project.id}/attachments`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json', 'openstack-api-version': 'volume 3.27' },
        body: JSON.stringify({ attachment: { volume_uuid: volumeId, instance_uuid: serverId } }),
      });
      if (res.status !== 200) throw new Error(`POST /attachments: ${res.status} ${await res.text()}`);
    },
    cleanup: () => emulator.close(),
  };
});

test('issue 14: the driver has at most vim.requests.inflight requests in flight to its VIM, read as each starts', async () => {
  const emulator = inProcessEmulator();
  let inFlight = 0;
  let most = 0;
  const counting: typeof fetch = async (input, init) => {
    most = Math.max(most, ++inFlight);
    try {
      await new Promise((r) => setImmediate(r)); // as a socket would, so the calls overlap
      return await emulator.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  let bound = 3;
  const driver = createOpenStackDriver(emulatorConnector(emulator.authUrl), { fetch: counting, inFlight: () => bound });
  try {
    await driver.listServers({});
    most = 0;
    await Promise.all(Array.from({ length: 12 }, () => driver.listServers({})));
    assert.equal(most, 3);
    bound = 6;
    most = 0;
    await Promise.all(Array.from({ length: 12 }, () => driver.listServers({})));
    assert.equal(most, 6);
  } finally {
    await driver.close();
    await emulator.close();
  }
});
