/**
 * The VimDriver contract against the real OpenStack rig (/work/shared/rigs/openstack, IMPL-3):
 * the same cases the emulator passes. Skipped with a message when the rig is absent (fails in CI).
 */
import { connectorFromEnv } from '../../src/vim/openstack/connector.ts';
import { driverContract } from '../../src/vim/openstack/driver-contract.ts';
import { createOpenStackDriver } from '../../src/vim/openstack/openstack-driver.ts';
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
    cleanup: async () => {},
  }));
}
