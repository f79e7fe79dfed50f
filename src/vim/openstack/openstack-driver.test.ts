/**
 * The VimDriver contract against the embedded OpenStack emulator (emulator/, IMPL-3): the same
 * cases the real rig passes (test/openstack-real/driver.real.test.ts), with transitions sped up.
 */
import { startEmulator } from '../../../emulator/emulator.ts';
import { driverContract } from './driver-contract.ts';
import { createOpenStackDriver } from './openstack-driver.ts';

driverContract('OpenStack emulator', async () => {
  const emulator = await startEmulator({ port: 0, timeScale: 0.01 });
  return {
    driver: createOpenStackDriver({
      id: 'emulator', authUrl: emulator.authUrl, username: 'admin', password: 'admin', projectName: 'admin',
      projectDomainName: 'Default', userDomainName: 'Default', regionName: 'RegionOne',
    }),
    imageName: 'cirros',
    networkName: 'private',
    flavorName: 'm1.tiny',
    cleanup: () => emulator.close(),
  };
});
