/**
 * The cloud a fresh emulator starts with (issue: embedded default): user admin/admin in project
 * admin (domain Default, region RegionOne), flavors m1.tiny and m1.small, a public active cirros
 * image with data, a shared `private` network with `private-subnet` 192.0.2.0/24 and an external
 * `public` network 203.0.113.0/24.
 */
import type { EmuState, Flavor } from './model.ts';
import type { BlobStore } from './blobs.ts';
import { hexId } from './ids.ts';
import { fakeDiskBytes, imageRecord, setImageData, uploadedBySdk } from '../glance/records.ts';
import { networkRecord, securityGroupRecord, subnetRecord } from '../neutron/records.ts';

export interface SeedOptions {
  adminPassword: string;
  now: number;
}

function flavor(id: string, name: string, ram: number, vcpus: number, disk: number): Flavor {
  return { id, name, ram, vcpus, disk, ephemeral: 0, swap: 0, isPublic: true, description: null, extraSpecs: {} };
}

export function seedState(opts: SeedOptions, blobs: BlobStore): EmuState {
  const { now } = opts;
  const admin = { id: hexId(), name: 'admin', domainId: 'default', description: 'Bootstrap project', enabled: true, tags: [] };
  const user = { id: hexId(), name: 'admin', password: opts.adminPassword, domainId: 'default' };
  const roles = ['admin', 'member', 'reader'].map((name) => ({ id: hexId(), name }));
  const state: EmuState = {
    format: 1,
    instanceSeq: 0,
    users: [user],
    projects: [admin],
    roles,
    assignments: roles.map((r) => ({ userId: user.id, projectId: admin.id, roleId: r.id })),
    tokens: {},
    flavors: [flavor('1', 'm1.tiny', 512, 1, 1), flavor('2', 'm1.small', 2048, 1, 20)],
    servers: {},
    serverGroups: {},
    images: {},
    volumes: {},
    snapshots: {},
    neutron: { networks: {}, subnets: {}, ports: {}, floatingips: {}, security_groups: {} },
    pending: [],
    guestPresets: {},
  };

  const data = fakeDiskBytes('cirros');
  const cirros = imageRecord(
    // Uploaded as openstacksdk's create_image does (the rig's osrig-tiny is): it records the data's hashes and object name.
    { name: 'cirros', owner: admin.id, diskFormat: 'qcow2', containerFormat: 'bare', visibility: 'public', properties: uploadedBySdk('cirros', data) },
    now,
  );
  blobs.put(cirros.id, data);
  setImageData(cirros, data, now);
  state.images[cirros.id] = cirros;

  const nets: [string, string, string, boolean][] = [
    ['private', 'private-subnet', '192.0.2.0/24', false],
    ['public', 'public-subnet', '203.0.113.0/24', true],
  ];
  for (const [name, subnetName, cidr, external] of nets) {
    const net = networkRecord({ name, projectId: admin.id, shared: !external, external }, now);
    const subnet = subnetRecord({ name: subnetName, projectId: admin.id, networkId: net.id, cidr }, now);
    net.subnets = [subnet.id];
    state.neutron.networks[net.id] = net;
    state.neutron.subnets[subnet.id] = subnet;
  }
  const sg = securityGroupRecord(admin.id, 'default', now);
  state.neutron.security_groups[sg.id] = sg;
  return state;
}
