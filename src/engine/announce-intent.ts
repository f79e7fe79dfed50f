/**
 * What monitoring announces about one VM without acting on it (IMPL-2; `EngineApi.announceVm`): one
 * event naming the VM as every VM event does, published durably (the bus stores it before this
 * resolves) to the NETCONF stream and `GET /events`. No operation and no state change: the VM is
 * looked up by its generated name, so an unknown one is refused like any request naming it.
 */
import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../domain/event.ts';
import type { VmAnnouncement } from './api.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { ok, vmEvent } from './deployment/event-bodies.ts';
import { loadTarget } from './deployment/target.ts';
import { vmOfTenant } from './record-lookup.ts';

export async function announceVm(
  deps: EngineDeps,
  req: { vmName: string; event: VmAnnouncement; message: string; kpi?: DomainEvent['kpi'] },
): Promise<{ eventId: string }> {
  const { vm } = await vmOfTenant(deps.store, undefined, req.vmName);
  const t = await loadTarget(deps, vm.deploymentId);
  const stored = await deps.bus.publish({ id: randomUUID(), ...vmEvent(t, vm, req.event, ok(req.message)), ...(req.kpi ? { kpi: req.kpi } : {}) });
  return { eventId: stored.id };
}
