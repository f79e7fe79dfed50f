/** Cinder v3 under `/volume` (spec §4): 300 version list at the root, `/v3` version document, microversions 3.0–3.70, volumes, snapshots, attachments (≥3.27), types. */
import type { Route } from '../http/router.ts';
import type { Ctx, ServiceDef } from '../http/service.ts';
import { json, type EmuRequest } from '../http/types.ts';
import { negotiator } from '../http/microversion.ts';
import { volumeRoutes } from './volumes.ts';
import { snapshotRoutes } from './snapshots.ts';
import { attachmentApiRoutes } from './attachments.ts';
import { VOLUME_TYPE_ID } from './view.ts';

export const VOLUME_MAX = 70;

function versions(req: EmuRequest): unknown {
  return {
    versions: [
      {
        id: 'v3.0',
        status: 'CURRENT',
        version: `3.${VOLUME_MAX}`,
        min_version: '3.0',
        updated: '2022-08-31T00:00:00Z',
        links: [
          { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
          { rel: 'self', href: `${req.baseUrl}/volume/v3/` },
        ],
        'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
      },
    ],
  };
}

const volumeType = { id: VOLUME_TYPE_ID, name: '__DEFAULT__', description: 'Default Volume Type', is_public: true, extra_specs: {}, qos_specs_id: null, 'os-volume-type-access:is_public': true };

const routes: Route<Ctx>[] = [
  { method: 'GET', pattern: '', action: 'volume.versions', auth: false, handler: (_c, req) => json(300, versions(req)) },
  { method: 'GET', pattern: '/v3', action: 'volume.version', auth: false, handler: (_c, req) => json(200, versions(req)) },
  { method: 'GET', pattern: '/v3/:project', action: 'volume.version', auth: false, handler: (_c, req) => json(200, versions(req)) },
  ...volumeRoutes,
  ...snapshotRoutes,
  ...attachmentApiRoutes,
  { method: 'GET', pattern: '/v3/:project/types', action: 'volumeType.list', handler: () => json(200, { volume_types: [volumeType] }) },
  { method: 'GET', pattern: '/v3/:project/types/:id', action: 'volumeType.get', handler: () => json(200, { volume_type: volumeType }) },
];

export const cinderService: ServiceDef = {
  name: 'volume',
  prefix: '/volume',
  routes,
  negotiate: negotiator({ service: 'volume', major: 3, min: 0, max: VOLUME_MAX }),
};
