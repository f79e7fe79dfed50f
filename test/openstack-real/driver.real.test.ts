/**
 * The VimDriver contract against the real OpenStack rig (/work/shared/rigs/openstack, IMPL-3):
 * the same cases the emulator passes. Skipped with a message when the rig is absent (fails in CI).
 */
import { connectorFromEnv } from '../../src/vim/openstack/connector.ts';
import { driverContract } from '../../src/vim/openstack/driver-contract.ts';
import { createOpenStackDriver } from '../../src/vim/openstack/openstack-driver.ts';
import { rawCloud } from './cloud.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

if (!rigAvailable) {
  reportRigAbsent('VimDriver contract against the real OpenStack rig');
} else {
  driverContract('real OpenStack rig', async () => ({
    // A loaded 2-core rig can take well over the default 30 s to answer a POST /servers.
    driver: createOpenStackDriver({ ...connectorFromEnv(readOpenrc(), 'osrig'), requestTimeoutMs: 120_000 }),
    imageName: 'osrig-tiny',
    networkName: 'net1',
    flavorName: 'm1.tiny',
    reserveVolume: async (volumeId, serverId) => {
      const cloud = await rawCloud();
      const res = await cloud.call('POST', `${cloud.endpoint('volumev3')}/attachments`, { attachment: { volume_uuid: volumeId, instance_uuid: serverId } }, { 'openstack-api-version': 'volume 3.27' });
      if (res.status !== 200) throw new Error(`POST /attachments: ${res.status} ${JSON.stringify(res.body)}`);
    },
    cleanup: async () => {},
  }));
}
