/**
 * The body of an operation's completion callback: the resource in the format of the request that
 * started it — the deployment's opdata for deploy, update, undeploy and service/VM operations, the
 * tenant for tenant operations, the snapshot for snapshot operations (SNAP-2), nothing otherwise
 * (esc-interface.md §1.3).
 */
import { renderDeploymentOpdata } from '../../datamodel/opdata.ts';
import { renderSnapshot } from '../../datamodel/snapshots.ts';
import { renderTenant } from '../../datamodel/tenant.ts';
import type { NotifyTargets, OperationOutcome } from '../../domain/operation.ts';

const contentTypes = { xml: 'application/xml', json: 'application/json' } as const;

export function renderCompletionBody(format: NotifyTargets['format'], outcome: OperationOutcome): { contentType: string; body: string } {
  const body = outcome.view
    ? renderDeploymentOpdata(outcome.view, format)
    : outcome.tenant
      ? renderTenant(outcome.tenant, format)
      : outcome.snapshot
        ? renderSnapshot(outcome.snapshot, format)
        : '';
  return { contentType: contentTypes[format], body };
}
