/**
 * VM snapshots (SNAP-2, SNAP-8, SNAP-9): create over
 * `POST /{internal_tenant_id}/deployments/snapshot-vm/{generated_vm_name}` with a
 * `snapshot_operation` body (operation `snapshot` or `export`, a name), list over `GET /snapshots` (always 200,
 * narrowed by `internalTenantId` and `generatedVMName`, paged like `/deployments`), delete over
 * `DELETE /snapshots/{id|name}`. Create and delete answer 200 with an empty body and
 * `ESC-Transaction-Id` once validated and recorded; the events and the callback follow.
 * A volume from a snapshot (REST-4): `POST /snapshots/{id|name}/volumes` with a JSON body, 202.
 */
import type { FastifyInstance } from 'fastify';
import { parseSnapshotOperation, renderSnapshots } from '../../../datamodel/snapshots.ts';
import { parseVolumeRequest } from '../../../datamodel/volume-request.ts';
import type { EngineApi } from '../../../engine/api.ts';
import { notifyTargets } from '../callbacks.ts';
import { requiredBody } from '../content.ts';
import { formatOf, sendAccepted, sendDocument } from '../reply.ts';
import { acceptedEmpty, asyncRequest, documentResponse, errorResponses, pageProperties, pathParams } from '../schemas.ts';

const tags = ['snapshots'];

interface ListQuery {
  internalTenantId?: string;
  generatedVMName?: string;
  limit?: number;
  offset?: number;
}

export async function snapshotRoutes(app: FastifyInstance, opts: { engine: EngineApi }): Promise<void> {
  const { engine } = opts;

  app.post<{ Params: { tenant: string; vm: string } }>(
    '/:tenant/deployments/snapshot-vm/:vm',
    {
      schema: asyncRequest({
        summary: 'Snapshot one VM by its generated name (asynchronous; SNAP-2)',
        tags,
        params: pathParams({ tenant: 'internal tenant id', vm: 'generated VM name' }),
        body: 'snapshot_operation: operation snapshot or export (SNAP-5), name (1 to 255 characters)',
        accepted: { 200: acceptedEmpty('accepted; empty body') },
        errors: [400, 404, 409, 413, 415],
      }),
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a snapshot_operation with operation snapshot or export and a name');
      const { name, export: exported } = parseSnapshotOperation(body.text, body.format);
      const notify = notifyTargets(request.headers, body.format);
      return sendAccepted(reply, await engine.snapshot({ tenant: request.params.tenant, vmName: request.params.vm, name, export: exported, notify }), { status: 200 });
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/snapshots',
    {
      schema: {
        summary: 'List snapshots (SNAP-8)',
        tags,
        querystring: {
          type: 'object',
          properties: {
            internalTenantId: { type: 'string', description: 'only this tenant' },
            generatedVMName: { type: 'string', description: 'only snapshots of this VM' },
            ...pageProperties,
          },
        },
        response: { 200: documentResponse('the snapshots'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { internalTenantId, generatedVMName, limit, offset } = request.query;
      const list = await engine.listSnapshots({ tenant: internalTenantId, vmName: generatedVMName, limit, offset });
      return sendDocument(reply, 200, (format) => renderSnapshots(list, format));
    },
  );

  app.delete<{ Params: { ref: string } }>(
    '/snapshots/:ref',
    {
      schema: asyncRequest({
        summary: 'Delete a snapshot by id, or by a name only it has (asynchronous; SNAP-9)',
        tags,
        params: pathParams({ ref: 'snapshot id or name' }),
        accepted: { 200: acceptedEmpty('accepted; empty body') },
        errors: [400, 404, 409],
      }),
    },
    async (request, reply) => {
      const notify = notifyTargets(request.headers, formatOf(request));
      return sendAccepted(reply, await engine.deleteSnapshot({ ref: request.params.ref, notify }), { status: 200 });
    },
  );

  app.post<{ Params: { ref: string } }>(
    '/snapshots/:ref/volumes',
    {
      schema: asyncRequest({
        summary: "Create a Cinder volume from a snapshot's boot volume snapshot (asynchronous, out of band; REST-3..5)",
        tags,
        params: pathParams({ ref: 'snapshot id, or a name only it has' }),
        body: 'JSON: name (1 to 255 characters), volume_type, multiattach (false), bootable (true); other attributes ignored',
        accepted: { 202: acceptedEmpty('accepted; empty body') },
        errors: [400, 404, 409, 413, 415],
      }),
    },
    async (request, reply) => {
      const spec = parseVolumeRequest(requiredBody(request, 'a JSON object with a volume name').text);
      const notify = notifyTargets(request.headers, 'json');
      return sendAccepted(reply, await engine.createVolumeFromSnapshot({ ref: request.params.ref, spec, notify }), { status: 202 });
    },
  );
}
