import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monitoringPause, type PauseReason } from './monitoring-pause.ts';
import type { OpMode } from './op-mode.ts';
import type { ServiceState, VmState } from './states.ts';

const cases: { name: string; monitoring: boolean; vm: VmState; deployment: ServiceState; mode?: OpMode; paused?: PauseReason }[] = [
  { name: 'an alive, monitored VM of an active deployment is watched', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_ACTIVE_STATE' },
  { name: 'an inert deployment (some VM not alive) still watches its alive VMs', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_INERT_STATE' },
  { name: 'a deployment in error still watches its alive VMs', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_ERROR_STATE' },
  { name: 'disable-monitor pauses', monitoring: false, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_ACTIVE_STATE', paused: 'MONITORING_OFF' },
  { name: 'a stopped VM is not watched', monitoring: false, vm: 'VM_SHUTOFF_STATE', deployment: 'SERVICE_STOPPED_STATE', paused: 'MONITORING_OFF' },
  { name: 'a rebooting VM is not watched', monitoring: true, vm: 'VM_REBOOTING_STATE', deployment: 'SERVICE_ACTIVE_STATE', paused: 'NOT_ALIVE' },
  { name: 'a VM in error is not watched', monitoring: true, vm: 'VM_ERROR_STATE', deployment: 'SERVICE_ACTIVE_STATE', paused: 'NOT_ALIVE' },
  { name: 'issue 12 item 2: an update pauses the deployment', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_UPDATING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'deploying pauses', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_DEPLOYING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'stopping pauses', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_STOPPING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'starting pauses', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_STARTING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'rebooting pauses', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_REBOOTING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'undeploying pauses', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_UNDEPLOYING_STATE', paused: 'DEPLOYMENT_BUSY' },
  { name: 'issue 12 item 5: maintenance mode pauses everything', monitoring: true, vm: 'VM_ALIVE_STATE', deployment: 'SERVICE_ACTIVE_STATE', mode: 'MAINTENANCE', paused: 'MAINTENANCE' },
];

for (const c of cases)
  test(`IMPL-2 ${c.name}`, () => {
    assert.equal(monitoringPause({ monitoring: c.monitoring, state: c.vm }, c.deployment, c.mode ?? 'OPERATION'), c.paused);
  });
