/**
 * The service catalog (spec §1.3, pitfall 2): types exactly as clients look them up, three
 * interfaces each, region and region_id RegionOne, URLs under this emulator's devstack-style
 * prefixes built from the address the client used, Cinder's with the project id substituted.
 */
import { createHash } from 'node:crypto';

export const REGION = 'RegionOne';

const SERVICES: { type: string; name: string; path: (projectId: string) => string }[] = [
  { type: 'identity', name: 'keystone', path: () => '/identity/v3/' },
  { type: 'compute', name: 'nova', path: () => '/compute/v2.1' },
  { type: 'image', name: 'glance', path: () => '/image' },
  { type: 'network', name: 'neutron', path: () => '/network' },
  { type: 'volumev3', name: 'cinderv3', path: (p) => `/volume/v3/${p}` },
  { type: 'block-storage', name: 'cinder', path: (p) => `/volume/v3/${p}` },
];

const stableId = (text: string): string => createHash('md5').update(text).digest('hex');

export function catalog(baseUrl: string, projectId: string): unknown[] {
  return SERVICES.map((s) => ({
    id: stableId(s.type),
    type: s.type,
    name: s.name,
    endpoints: ['public', 'internal', 'admin'].map((iface) => ({
      id: stableId(`${s.type}/${iface}`),
      interface: iface,
      region: REGION,
      region_id: REGION,
      url: baseUrl + s.path(projectId),
    })),
  }));
}
