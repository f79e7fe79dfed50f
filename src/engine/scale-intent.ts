/**
 * The accepting half of a rule-driven scale (COMP-4), inside the engine's accept transaction: the
 * group found, the domain rule asked (`domain/scaling.ts`), then the VM it concerns written down
 * before any VIM call — a scale-out's new VM record (`newVmRecords`, as deploy and update make
 * them, with the next free pool addresses and day-0 values: an exhausted pool refuses it), a
 * scale-in's chosen VM marked VM_UNDEPLOYING_STATE with its monitoring off — so a second scale accepted before this one runs counts it, and the runner's per-deployment queue serializes
 * the work with the deployment's other operations.
 */
import { randomUUID } from 'node:crypto';
import type { Deployment, Vm } from '../domain/entities.ts';
import { errors } from '../domain/errors.ts';
import type { OperationKind } from '../domain/operation.ts';
import { scaleDecision, type ScaleDirection } from '../domain/scaling.ts';
import { newVmRecords, nextIndexes } from '../domain/vm-records.ts';
import type { Store } from '../store/store.ts';
import { isoTime, type Clock } from '../time/clock.ts';
import { deploymentByName } from './record-lookup.ts';
import { refuseWhileSnapshotted } from './snapshot-lookup.ts';
import type { ScaleInput } from './workflows/scale.ts';

export interface ScaleRequest {
  deploymentName: string;
  group: string;
  direction: ScaleDirection;
  reason: string;
}

export interface AcceptedScale {
  kind: OperationKind;
  deployment: Deployment;
  input: ScaleInput;
  vmName: string;
}

export async function acceptScale(tx: Store, clock: Clock, req: ScaleRequest): Promise<AcceptedScale> {
  const deployment = await deploymentByName(tx, req.deploymentName);
  const group = deployment.spec.vmGroups.find((g) => g.name === req.group);
  if (!group) throw errors.vmGroupNotFound(req.group, deployment.name);
  const all = await tx.listVms({ deploymentId: deployment.id });
  const vms = all.filter((v) => v.group === group.name);
  const decision = scaleDecision({ serviceState: deployment.state, group, vms, direction: req.direction });
  if (!decision.allowed) throw errors.scaleRefused(req.direction, group.name, deployment.name, decision.reason);
  const now = isoTime(clock);
  let vm: Vm;
  if (req.direction === 'out') {
    vm = newVmRecords(deployment, group, nextIndexes(vms, group.name, 1), now, randomUUID, all)[0]!;
  } else {
    vm = vms.find((v) => v.id === decision.remove)!;
    await refuseWhileSnapshotted(tx, vm.name);
    vm.state = 'VM_UNDEPLOYING_STATE';
    vm.monitoring = false;
    vm.updatedAt = now;
  }
  await tx.putVm(vm);
  const kind = req.direction === 'out' ? 'vm.scaleOut' : 'vm.scaleIn';
  return { kind, deployment, input: { vmId: vm.id, group: group.name, reason: req.reason }, vmName: vm.name };
}
