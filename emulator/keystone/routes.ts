/** Keystone v3 under `/identity` (spec §1): version documents, tokens, catalog. */
import type { Route } from '../http/router.ts';
import type { Ctx, ServiceDef } from '../http/service.ts';
import { ApiError, json, noContent, type EmuRequest } from '../http/types.ts';
import { catalog } from './catalog.ts';
import { liveToken, issueToken, tokenBody } from './tokens.ts';
import { identityResourceRoutes } from './resources.ts';

function version(req: EmuRequest): unknown {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${req.baseUrl}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

function subjectToken(ctx: Ctx, req: EmuRequest): { id: string; token: NonNullable<ReturnType<typeof liveToken>> } {
  const id = String(req.headers['x-subject-token'] ?? '');
  const token = liveToken(ctx.cloud, id);
  if (!token) throw new ApiError(404, 'Could not recognize Fernet token');
  return { id, token };
}

const routes: Route<Ctx>[] = [
  {
    method: 'GET',
    pattern: '',
    action: 'identity.versions',
    auth: false,
    handler: (_ctx, req) =>
      json(300, { versions: { values: [version(req)] } }, { Location: `${req.baseUrl}/identity/v3/` }),
  },
  { method: 'GET', pattern: '/v3', action: 'identity.version', auth: false, handler: (_c, req) => json(200, { version: version(req) }) },
  {
    method: 'POST',
    pattern: '/v3/auth/tokens',
    action: 'token.issue',
    auth: false,
    handler: (ctx, req) => {
      const { id, token, methods } = issueToken(ctx.cloud, req.body);
      return json(201, tokenBody(ctx.cloud, token, methods, req.baseUrl), { 'X-Subject-Token': id });
    },
  },
  {
    method: 'GET',
    pattern: '/v3/auth/tokens',
    action: 'token.validate',
    handler: (ctx, req) => {
      const { id, token } = subjectToken(ctx, req);
      return json(200, tokenBody(ctx.cloud, token, ['password'], req.baseUrl), { 'X-Subject-Token': id });
    },
  },
  {
    method: 'DELETE',
    pattern: '/v3/auth/tokens',
    action: 'token.revoke',
    handler: (ctx, req) => {
      delete ctx.cloud.state.tokens[subjectToken(ctx, req).id];
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/v3/auth/catalog',
    action: 'catalog.get',
    handler: (ctx, req) =>
      json(200, { catalog: catalog(req.baseUrl, ctx.auth.projectId), links: { self: `${req.baseUrl}/identity/v3/auth/catalog` } }),
  },
  ...identityResourceRoutes,
];

export const keystoneService: ServiceDef = { name: 'identity', prefix: '/identity', routes };
