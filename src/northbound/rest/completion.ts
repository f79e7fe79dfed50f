/**
 * Renders an operation's completion callback body: the resource in the format of the request that
 * started it (foundation issue item 7) — the deployment's opdata for deploy, update and undeploy,
 * the tenant for tenant operations. The composition root hands this to the engine, which knows no
 * formats.
 */
import { renderDeploymentOpdata } from '../../datamodel/opdata.ts';
import { renderTenant } from '../../datamodel/tenant.ts';
import type { CompletionRenderer } from '../../engine/ports.ts';

const contentTypes = { xml: 'application/xml', json: 'application/json' } as const;

export const renderCompletion: CompletionRenderer = (op, outcome) => {
  const format = op.notify.format;
  const body = outcome.view
    ? renderDeploymentOpdata(outcome.view, format)
    : outcome.tenant
      ? renderTenant(outcome.tenant, format)
      : '';
  return { contentType: contentTypes[format], body };
};
