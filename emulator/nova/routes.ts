/** Nova (compute v2.1) under `/compute`: version documents, microversions 2.1–2.93 (spec §2.1), and the route tables. */
import type { Route } from '../http/router.ts';
import type { Ctx, ServiceDef } from '../http/service.ts';
import { json, type EmuRequest } from '../http/types.ts';
import { negotiator } from '../http/microversion.ts';
import { flavorRoutes } from './flavors.ts';
import { serverRoutes } from './servers.ts';
import { actionRoutes } from './actions.ts';
import { attachmentRoutes } from './attachments.ts';
import { serverGroupRoutes } from './server-groups.ts';

export const COMPUTE_MAX = 93;

function v21(req: EmuRequest): Record<string, unknown> {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: `2.${COMPUTE_MAX}`,
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${req.baseUrl}/compute/v2.1/` }],
  };
}

function versions(req: EmuRequest): unknown {
  return {
    versions: [
      { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z', links: [{ rel: 'self', href: `${req.baseUrl}/compute/v2/` }] },
      v21(req),
    ],
  };
}

function version(req: EmuRequest): unknown {
  const v = v21(req);
  return {
    version: {
      ...v,
      links: [...(v.links as unknown[]), { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  };
}

const routes: Route<Ctx>[] = [
  { method: 'GET', pattern: '', action: 'compute.versions', auth: false, handler: (_c, req) => json(200, versions(req)) },
  { method: 'GET', pattern: '/v2.1', action: 'compute.version', auth: false, handler: (_c, req) => json(200, version(req)) },
  ...flavorRoutes,
  ...serverRoutes,
  ...actionRoutes,
  ...attachmentRoutes,
  ...serverGroupRoutes,
];

export const novaService: ServiceDef = {
  name: 'compute',
  prefix: '/compute',
  routes,
  negotiate: negotiator({ service: 'compute', major: 2, min: 1, max: COMPUTE_MAX, legacyHeader: 'x-openstack-nova-api-version' }),
};
