/**
 * @module Service catalog lookup (openstack-api.md §1.3): an endpoint by service type (with the
 * aliases os-service-types knows), interface and region, as keystoneauth picks it.
 */

export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: { interface: string; region?: string; region_id?: string; url: string }[];
}

export type EndpointInterface = 'public' | 'internal' | 'admin';

/** Service types to try, in order, for each service we call. */
export const serviceTypes = {
  identity: ['identity'],
  compute: ['compute'],
  image: ['image'],
  volume: ['block-storage', 'volumev3', 'volume'],
  network: ['network'],
} as const;

export function findEndpoint(
  catalog: readonly CatalogEntry[],
  types: readonly string[],
  want: { interface: EndpointInterface; region?: string },
): string | undefined {
  for (const type of types) {
    for (const entry of catalog.filter((e) => e.type === type)) {
      const hit = entry.endpoints.find(
        (ep) =>
          ep.interface === want.interface &&
          (want.region === undefined || ep.region_id === want.region || ep.region === want.region),
      );
      if (hit) return hit.url;
    }
  }
  return undefined;
}
