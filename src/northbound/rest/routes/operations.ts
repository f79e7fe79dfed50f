/**
 * Service and VM operations (OPS-1, VMOP-1):
 * `POST /{internal_tenant_id}/deployments/service/{internal_deployment_id}` with a
 * `service_operation` body, and `POST /{internal_tenant_id}/deployments/vm/{vm_name}` with a
 * `vm_operation` body (`force` per VMOP-2), and an operator's recovery of one VM (IMPL-2),
 * `POST /{internal_tenant_id}/deployments/recovery/{vm_name}` with a `recovery_vm_operation` body
 * (operation DO; path and body are our inference, docs/esc-inferences.md), and a one-step restore of
 * one VM from a snapshot, `POST /{internal_tenant_id}/deployments/restore-vm/{vm_name}` (ours,
 * REST-1/REST-2). Each answers 200 with
 * `ESC-Transaction-Id` as soon as the request is validated and recorded; the work and its
 * notifications follow.
 */
import type { FastifyInstance } from 'fastify';
import { parseRecoveryOperation, parseServiceOperation, parseVmOperation } from '../../../datamodel/operation-request.ts';
import { parseRestoreOperation } from '../../../datamodel/restore-request.ts';
import type { EngineApi } from '../../../engine/api.ts';
import { notifyTargets } from '../callbacks.ts';
import { requiredBody } from '../content.ts';
import { sendAccepted } from '../reply.ts';
import { acceptedEmpty, asyncRequest, pathParams } from '../schemas.ts';

const tags = ['operations'];

/** An operation on something of a tenant's, named in the path after the tenant. */
function operationSchema(summary: string, target: Record<string, string>, body: string) {
  return asyncRequest({
    summary,
    tags,
    params: pathParams({ tenant: 'internal tenant id', ...target }),
    body,
    accepted: { 200: acceptedEmpty('accepted; empty body') },
    errors: [400, 404, 409, 413, 415],
  });
}

export async function operationRoutes(app: FastifyInstance, opts: { engine: EngineApi }): Promise<void> {
  const { engine } = opts;

  app.post<{ Params: { tenant: string; deployment: string } }>(
    '/:tenant/deployments/service/:deployment',
    {
      schema: operationSchema('Start, stop or reboot a deployment (asynchronous; OPS-1)', { deployment: 'internal deployment id' }, 'service_operation: operation start|stop|reboot'),
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a service_operation with operation start, stop or reboot');
      const { operation } = parseServiceOperation(body.text, body.format);
      const notify = notifyTargets(request.headers, body.format);
      return sendAccepted(reply, await engine.serviceAction({ tenant: request.params.tenant, deploymentName: request.params.deployment, action: operation, notify }), { status: 200 });
    },
  );

  app.post<{ Params: { tenant: string; vm: string } }>(
    '/:tenant/deployments/vm/:vm',
    {
      schema: operationSchema('Start, stop or reboot one VM by its generated name (asynchronous; VMOP-1)', { vm: 'generated VM name' }, 'vm_operation: operation start|stop|reboot, force true|false'),
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a vm_operation with operation start, stop or reboot');
      const { operation, force } = parseVmOperation(body.text, body.format);
      const notify = notifyTargets(request.headers, body.format);
      return sendAccepted(reply, await engine.vmAction({ tenant: request.params.tenant, vmName: request.params.vm, action: operation, force, notify }), { status: 200 });
    },
  );

  app.post<{ Params: { tenant: string; vm: string } }>(
    '/:tenant/deployments/recovery/:vm',
    {
      schema: operationSchema('Recover one VM by its group\'s recovery_policy, now (asynchronous; IMPL-2)', { vm: 'generated VM name' }, 'recovery_vm_operation: operation DO'),
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a recovery_vm_operation with operation DO');
      parseRecoveryOperation(body.text, body.format);
      const notify = notifyTargets(request.headers, body.format);
      return sendAccepted(reply, await engine.recoverVm({ tenant: request.params.tenant, vmName: request.params.vm, notify }), { status: 200 });
    },
  );

  app.post<{ Params: { tenant: string; vm: string } }>(
    '/:tenant/deployments/restore-vm/:vm',
    {
      schema: operationSchema('Restore one VM from a snapshot as a service update (asynchronous; REST-1, REST-2)', { vm: 'generated VM name' }, 'restore_vm_operation: snapshot id or name'),
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a restore_vm_operation naming a snapshot');
      const { snapshot } = parseRestoreOperation(body.text, body.format);
      const notify = notifyTargets(request.headers, body.format);
      return sendAccepted(reply, await engine.restoreVm({ tenant: request.params.tenant, vmName: request.params.vm, snapshot, notify }), { status: 200 });
    },
  );
}
