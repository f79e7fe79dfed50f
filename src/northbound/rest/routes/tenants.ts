/**
 * Tenants (IMPL-1; esc-interface.md §1.2): list, read, create (POST, asynchronous, answered with the
 * tenant as recorded; an empty body asks for a tenant with just the path's name) and delete (DELETE, asynchronous, empty body). Parsing and header checks come
 * before the one engine call (architecture principle 6).
 */
import type { FastifyInstance } from 'fastify';
import { parseTenantRequest, renderTenant, renderTenants } from '../../../datamodel/tenant.ts';
import type { EngineApi } from '../../../engine/api.ts';
import type { Page } from '../../../store/store.ts';
import { notifyTargets } from '../callbacks.ts';
import { requestBody } from '../content.ts';
import { formatOf, sendAccepted, sendStoreRead } from '../reply.ts';
import type { ReadCache } from '../rendered-reads.ts';
import { acceptedEmpty, acceptedWithBody, asyncRequest, documentResponse, errorResponses, idParams, pageProperties } from '../schemas.ts';

const params = idParams('internal tenant id (the tenant name)');
const tags = ['tenants'];

export async function tenantRoutes(app: FastifyInstance, opts: { engine: EngineApi; reads: ReadCache }): Promise<void> {
  const { engine, reads } = opts;

  app.get<{ Querystring: Page }>(
    '/tenants',
    {
      schema: {
        summary: 'List tenants',
        tags,
        querystring: { type: 'object', properties: pageProperties },
        response: { 200: documentResponse('the tenants'), ...errorResponses(400) },
      },
    },
    async (request, reply) => sendStoreRead(reply, reads, async (format) => renderTenants(await engine.listTenants({ ...request.query }), format)),
  );

  app.get<{ Params: { id: string } }>(
    '/tenants/:id',
    { schema: { summary: 'Read one tenant', tags, params, response: { 200: documentResponse('the tenant'), ...errorResponses(400, 404) } } },
    async (request, reply) => sendStoreRead(reply, reads, async (format) => renderTenant(await engine.getTenant(request.params.id), format)),
  );

  app.post<{ Params: { id: string } }>(
    '/tenants/:id',
    {
      schema: asyncRequest({
        summary: 'Create a tenant (asynchronous)',
        tags,
        params,
        body: '<tenant>',
        accepted: { 201: acceptedWithBody('accepted; the tenant as now recorded') },
        errors: [400, 409, 413, 415],
      }),
    },
    async (request, reply) => {
      const body = requestBody(request);
      const tenant = parseTenantRequest(body.text, body.format, request.params.id);
      const notify = notifyTargets(request.headers, body.format);
      const accepted = await engine.createTenant({ ...tenant, notify });
      const created = await engine.getTenant(tenant.name);
      return sendAccepted(reply, accepted, { status: 201, render: (format) => renderTenant(created, format) });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/tenants/:id',
    { schema: asyncRequest({ summary: 'Delete a tenant (asynchronous)', tags, params, accepted: { 200: acceptedEmpty('accepted; empty body') }, errors: [400, 404, 409] }) },
    async (request, reply) => {
      const notify = notifyTargets(request.headers, formatOf(request));
      const accepted = await engine.deleteTenant({ name: request.params.id, notify });
      return sendAccepted(reply, accepted, { status: 200 });
    },
  );
}
