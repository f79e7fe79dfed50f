/**
 * The VimDriver contract against the embedded OpenStack emulator (emulator/, IMPL-3): the same
 * cases the real rig passes (test/openstack-real/driver.real.test.ts), with transitions sped up.
 */
import { startEmulator } from '../../../emulator/emulator.ts';
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
