/** Which workflow runs each operation kind: the one table the engine's runner is given. */
import type { OperationKind } from '../domain/operation.ts';
import type { EngineDeps } from './deployment/deps.ts';
import type { Workflow } from './runtime/workflow.ts';
import { deployWorkflow } from './workflows/deploy.ts';
import { scaleInWorkflow, scaleOutWorkflow } from './workflows/scale.ts';
import {
  serviceDisableMonitorWorkflow,
  serviceEnableMonitorWorkflow,
  serviceRebootWorkflow,
  serviceStartWorkflow,
  serviceStopWorkflow,
} from './workflows/service-action.ts';
import { snapshotCreateWorkflow } from './workflows/snapshot-create.ts';
import { snapshotDeleteWorkflow } from './workflows/snapshot-delete.ts';
import { tenantCreateWorkflow, tenantDeleteWorkflow } from './workflows/tenant.ts';
import { undeployWorkflow } from './workflows/undeploy.ts';
import { updateWorkflow } from './workflows/update.ts';
import { vmActionWorkflow } from './workflows/vm-action.ts';
import { vmRecoveryWorkflow } from './workflows/vm-recovery.ts';
import { volumeFromSnapshotWorkflow } from './workflows/volume-from-snapshot.ts';

export const workflows: Record<OperationKind, Workflow<EngineDeps>> = {
  deploy: deployWorkflow,
  undeploy: undeployWorkflow,
  update: updateWorkflow,
  'tenant.create': tenantCreateWorkflow,
  'tenant.delete': tenantDeleteWorkflow,
  'service.start': serviceStartWorkflow,
  'service.stop': serviceStopWorkflow,
  'service.reboot': serviceRebootWorkflow,
  'service.enableMonitor': serviceEnableMonitorWorkflow,
  'service.disableMonitor': serviceDisableMonitorWorkflow,
  'vm.start': vmActionWorkflow,
  'vm.stop': vmActionWorkflow,
  'vm.reboot': vmActionWorkflow,
  'vm.enableMonitor': vmActionWorkflow,
  'vm.disableMonitor': vmActionWorkflow,
  'vm.snapshot': snapshotCreateWorkflow,
  'snapshot.delete': snapshotDeleteWorkflow,
  'vm.recover': vmRecoveryWorkflow,
  'volume.fromSnapshot': volumeFromSnapshotWorkflow,
  'vm.scaleOut': scaleOutWorkflow,
  'vm.scaleIn': scaleInWorkflow,
};
