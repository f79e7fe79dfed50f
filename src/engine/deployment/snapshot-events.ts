/**
 * The events of a snapshot (SNAP-6, SNAP-7, SNAP-10) name the VM it was taken of: with the VM's
 * full `vm_source` while the VM exists, else from the snapshot's own copies (a snapshot outlives
 * its deployment, SNAP-9).
 */
import type { EventType } from '../../domain/event.ts';
import { snapshotVmRef, type Snapshot } from '../../domain/snapshot.ts';
import type { Scope, VimDriver } from '../../vim/driver.ts';
import type { EngineDeps } from './deps.ts';
import { vmEvent, type EventBody, type StatusReport } from './event-bodies.ts';
import { loadTarget } from './target.ts';

export async function snapshotEvent(deps: EngineDeps, s: Snapshot, type: EventType, report: StatusReport): Promise<EventBody> {
  const deployment = await deps.store.getDeployment(s.deploymentId);
  if (deployment) {
    const t = await loadTarget(deps, deployment.id);
    const vm = t.vms.find((v) => v.id === s.vmId);
    if (vm) return vmEvent(t, vm, type, report);
  }
  return {
    type,
    ...report,
    tenant: s.tenant,
    tenantId: s.vimProjectId,
    deploymentName: s.deploymentName,
    deploymentId: s.deploymentId,
    vmGroup: s.vmGroup,
    vmSource: snapshotVmRef(s),
  };
}

/** The VIM a snapshot lives on and the project its calls act in. */
export function snapshotVim(deps: EngineDeps, s: Pick<Snapshot, 'vimConnector' | 'scopeProjectId'>): { vim: VimDriver; scope: Scope } {
  return { vim: deps.vims.get(s.vimConnector), scope: s.scopeProjectId ? { projectId: s.scopeProjectId } : {} };
}

