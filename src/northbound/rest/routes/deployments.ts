/**
 * Deployments (IMPL-1; esc-interface.md §1.2): list and read back as ESC's opdata subtree (§2.7),
 * deploy (POST), service update (PUT, the whole desired deployment), undeploy (DELETE).
 * Each handler parses and validates everything (body, name against path, callback headers) before
 * its one engine call, so bad input changes nothing (architecture principle 6). A deploy or update
 * answers with the deployment as the engine reports it right after acceptance. Callbacks use the
 * body's format; an undeploy, having no body, uses the response format.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkDeploymentName, parseDeploymentRequest } from '../../../datamodel/deployment-request.ts';
import { renderDeploymentOpdata, renderDeploymentsOpdata } from '../../../datamodel/opdata.ts';
import type { EngineApi } from '../../../engine/api.ts';
import type { DeploymentFilter } from '../../../store/store.ts';
import { notifyTargets } from '../callbacks.ts';
import { requiredBody } from '../content.ts';
import { formatOf, sendAccepted, sendStoreRead } from '../reply.ts';
import type { ReadCache } from '../rendered-reads.ts';
import { acceptedEmpty, acceptedWithBody, asyncRequest, documentResponse, errorResponses, idParams, pageProperties } from '../schemas.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const params = idParams('internal deployment id (the deployment name)');
const tags = ['deployments'];
const datamodelBody = 'esc_datamodel (one tenant, one deployment)';

export async function deploymentRoutes(app: FastifyInstance, opts: { engine: EngineApi; reads: ReadCache }): Promise<void> {
  const { engine, reads } = opts;

  /** Body, name and callback headers, all checked before the engine is called. */
  const deploymentRequest = (request: IdRequest) => {
    const body = requiredBody(request, 'an esc_datamodel document holding one tenant and one deployment');
    const { tenant, spec } = parseDeploymentRequest(body.text, body.format, body.tree);
    checkDeploymentName(spec, request.params.id);
    return { tenant, spec, notify: notifyTargets(request.headers, body.format) };
  };

  app.get<{ Querystring: DeploymentFilter }>(
    '/deployments',
    {
      schema: {
        summary: 'List deployments as opdata',
        tags,
        querystring: {
          type: 'object',
          properties: { tenant: { type: 'string', description: 'only this tenant' }, ...pageProperties },
        },
        response: { 200: documentResponse('the deployments'), ...errorResponses(400) },
      },
    },
    async (request, reply) => sendStoreRead(reply, reads, async (format) => renderDeploymentsOpdata(await engine.listDeployments({ ...request.query }), format)),
  );

  app.get<{ Params: { id: string } }>(
    '/deployments/:id',
    {
      schema: { summary: 'Read one deployment as opdata', tags, params, response: { 200: documentResponse('the deployment'), ...errorResponses(400, 404) } },
    },
    async (request, reply) => sendStoreRead(reply, reads, async (format) => renderDeploymentOpdata(await engine.getDeployment(request.params.id), format)),
  );

  app.post<{ Params: { id: string } }>(
    '/deployments/:id',
    {
      schema: asyncRequest({
        summary: 'Deploy (asynchronous)',
        tags,
        params,
        body: datamodelBody,
        accepted: { 201: acceptedWithBody('accepted; the deployment as now recorded') },
        errors: [400, 409, 413, 415],
      }),
    },
    async (request, reply) => {
      const accepted = await engine.deploy(deploymentRequest(request));
      const view = await engine.getDeployment(request.params.id);
      return sendAccepted(reply, accepted, { status: 201, render: (format) => renderDeploymentOpdata(view, format) });
    },
  );

  app.put<{ Params: { id: string } }>(
    '/deployments/:id',
    {
      schema: asyncRequest({
        summary: 'Service update: the whole desired deployment (asynchronous)',
        tags,
        params,
        body: datamodelBody,
        accepted: { 200: acceptedWithBody('accepted; the deployment as now recorded') },
        errors: [400, 404, 409, 413, 415],
      }),
    },
    async (request, reply) => {
      const accepted = await engine.update(deploymentRequest(request));
      const view = await engine.getDeployment(request.params.id);
      return sendAccepted(reply, accepted, { status: 200, render: (format) => renderDeploymentOpdata(view, format) });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/deployments/:id',
    { schema: asyncRequest({ summary: 'Undeploy (asynchronous)', tags, params, accepted: { 200: acceptedEmpty('accepted; empty body') }, errors: [400, 404, 409] }) },
    async (request, reply) => {
      const notify = notifyTargets(request.headers, formatOf(request));
      const accepted = await engine.undeploy({ deploymentName: request.params.id, notify });
      return sendAccepted(reply, accepted, { status: 200 });
    },
  );
}
