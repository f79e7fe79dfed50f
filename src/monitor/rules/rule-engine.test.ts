/**
 * The rule engine (IMPL-2; issue 12 items 5, 6, 9) against a fake actions port and the fake clock:
 * which engine calls each outcome leads to, and when.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecoveryPolicySpec, RulesSpec } from '../../domain/deployment-spec.ts';
import type { DeploymentView } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { ServiceState } from '../../domain/states.ts';
import { deployment, tenant, vm } from '../../store/contract/fixtures.ts';
import { FakeClock } from '../../time/fake-clock.ts';
import type { DriftObservation, KpiOutcome } from '../outcome.ts';
import type { RuleActions } from './actions-port.ts';
import { RuleEngine } from './rule-engine.ts';

const livenessRules: RulesSpec = {
  adminRules: [{ eventName: 'VM_ALIVE', actions: ['ALWAYS log', 'TRUE esc_vm_alive_notification', 'FALSE recover autohealing'] }],
  userRules: [
    { eventName: 'VM_OVERLOADED', actions: ['TRUE servicescaleup.sh', 'TRUE overloaded.sh'] },
    { eventName: 'VM_UNDERLOADED', actions: ['TRUE servicescaledown.sh'] },
  ],
};

interface World {
  engine: RuleEngine;
  clock: FakeClock;
  calls: string[];
  logs: string[];
  scripts: { name: string; env: Record<string, string> }[];
  /** The service state the next reads see; whether the engine refuses a recovery, or one runs. */
  state: { service: ServiceState; refuseRecovery: boolean; recoveryRunning: boolean };
}

function world(o: { policy?: RecoveryPolicySpec; waitSecs?: number } = {}): World {
  const clock = new FakeClock();
  const calls: string[] = [];
  const logs: string[] = [];
  const scripts: World['scripts'] = [];
  const state: World['state'] = { service: 'SERVICE_ACTIVE_STATE', refuseRecovery: false, recoveryRunning: false };
  const view = (): DeploymentView => {
    const d = deployment('d1', { name: 'dep', state: state.service });
    d.spec.vmGroups[0] = { ...d.spec.vmGroups[0]!, recoveryWaitTime: o.waitSecs ?? 30, recoveryPolicy: o.policy, rules: livenessRules };
    return { tenant: tenant('t1'), deployment: d, vms: [vm('v1', 'd1', { name: 'dep_g1_0_x', group: 'g1', serverId: 'srv-1' })] };
  };
  const actions: RuleActions = {
    getDeployment: async () => view(),
    getOperation: async (id) => ({ id, status: state.recoveryRunning ? 'RUNNING' : 'COMPLETED' }) as never,
    recoverVm: async (req) => {
      if (state.refuseRecovery) throw errors.recoveryRefused(req.vmName, 'another operation runs');
      calls.push(`recoverVm ${req.vmName} (${req.reason})`);
      state.recoveryRunning = true;
      return { operationId: 'op-1' };
    },
    announceVm: async (req) => (calls.push(`announceVm ${req.event}: ${req.message}`), { eventId: 'e' }),
    scaleVmGroup: async (req) => {
      calls.push(`scaleVmGroup ${req.group} ${req.direction}`);
      throw new Error('scaling is not available');
    },
  };
  const log = { info: (_: object, m?: string) => logs.push(`info ${m}`), warn: (_: object, m?: string) => logs.push(`warn ${m}`), error: (_: object, m?: string) => logs.push(`error ${m}`) };
  const runScript = async (name: string, env: Record<string, string>) => (scripts.push({ name, env }), '');
  return { engine: new RuleEngine({ actions, clock, log, runScript }), clock, calls, logs, scripts, state };
}

const ref = { deploymentId: 'd1', deploymentName: 'dep', tenant: 't1', vmId: 'v1', vmName: 'dep_g1_0_x', group: 'g1' };
const outcome = (eventName: string, value: 'TRUE' | 'FALSE', more: Partial<KpiOutcome> = {}): KpiOutcome => ({
  ...ref, eventName, outcome: value, value: value === 'TRUE' ? 1 : 0, threshold: 'GT 0', at: '2026-01-01T00:00:00.000Z', ...more,
});
const drift = (observed: DriftObservation['observed'], status?: string): DriftObservation => ({ ...ref, serverId: 'srv-1', observed, status, at: '2026-01-01T00:00:00.000Z' });

async function feed(w: World, ...items: (KpiOutcome | DriftObservation)[]): Promise<void> {
  for (const item of items) ('eventName' in item ? w.engine.onOutcome(item) : w.engine.onDrift(item));
  await w.engine.idle();
}

async function advance(w: World, secs: number): Promise<void> {
  await w.clock.advance(secs * 1000);
  await w.engine.idle();
}

test('IMPL-2 a FALSE liveness outcome recovers after recovery_wait_time, through the manual recovery call with the outcome as reason', async () => {
  const w = world({ waitSecs: 30 });
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 29);
  assert.deepEqual(w.calls, [], 'nothing before recovery_wait_time');
  await advance(w, 1);
  assert.deepEqual(w.calls, ['recoverVm dep_g1_0_x (KPI VM_ALIVE FALSE, value 0, threshold GT 0)']);
  assert.ok(w.logs.includes('info KPI VM_ALIVE of VM [dep_g1_0_x] is FALSE'), 'ALWAYS log');
});

test('IMPL-2 an operator reboot inside recovery_wait_time (TRUE again) is not recovered, and VM_ALIVE is announced', async () => {
  const w = world({ waitSecs: 30 });
  await feed(w, outcome('VM_ALIVE', 'TRUE'));
  assert.deepEqual(w.calls, [], 'the first TRUE announces nothing: deploy sent VM_ALIVE');
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 10);
  await feed(w, outcome('VM_ALIVE', 'TRUE'));
  await advance(w, 60);
  assert.deepEqual(w.calls, ['announceVm VM_ALIVE: VM_Alive event received, VM ID: [srv-1]']);
  assert.equal(w.clock.pending, 0, 'the wait is called off');
});

test('IMPL-2 one recovery at a time per VM: FALSE outcomes while one waits or runs are ignored', async () => {
  const w = world({ waitSecs: 5 });
  await feed(w, outcome('VM_ALIVE', 'FALSE'), outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 5);
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 5);
  assert.equal(w.calls.filter((c) => c.startsWith('recoverVm')).length, 1);
  w.state.recoveryRunning = false; // the recovery operation ended: a later FALSE is a new failure
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 5);
  assert.equal(w.calls.filter((c) => c.startsWith('recoverVm')).length, 2);
});

test('IMPL-2 recovery_type MANUAL: VM_MANUAL_RECOVERY_NEEDED after the wait, nothing else', async () => {
  const w = world({ waitSecs: 1, policy: { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'MANUAL', maxRetries: 3 } });
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 1);
  assert.deepEqual(w.calls, ['announceVm VM_MANUAL_RECOVERY_NEEDED: VM [dep_g1_0_x] needs a manual recovery (KPI VM_ALIVE FALSE, value 0, threshold GT 0): its recovery_type is MANUAL.']);
});

test('OPS-3 IMPL-2 no automatic recovery while the service is stopped: the refusal is logged, no event', async () => {
  const w = world({ waitSecs: 1 });
  w.state.service = 'SERVICE_STOPPED_STATE';
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 1);
  assert.deepEqual(w.calls, []);
  assert.ok(w.logs.some((l) => l.startsWith('warn automatic recovery of VM [dep_g1_0_x] refused')), w.logs.join('\n'));
});

test('IMPL-2 a refusal by the engine (maintenance, another operation) is logged, and the next FALSE tries again', async () => {
  const w = world({ waitSecs: 1 });
  w.state.refuseRecovery = true;
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 1);
  assert.ok(w.logs.some((l) => l.includes('refused: another operation runs')), w.logs.join('\n'));
  w.state.refuseRecovery = false;
  await feed(w, outcome('VM_ALIVE', 'FALSE'));
  await advance(w, 1);
  assert.deepEqual(w.calls, ['recoverVm dep_g1_0_x (KPI VM_ALIVE FALSE, value 0, threshold GT 0)']);
});

test('COMP-4 scale rules reach the scaling intent; a refusal is logged', async () => {
  const w = world();
  await feed(w, outcome('VM_OVERLOADED', 'TRUE', { value: 93, threshold: 'GE 80' }), outcome('VM_UNDERLOADED', 'TRUE', { value: 3, threshold: 'LE 10' }));
  assert.deepEqual(w.calls, ['scaleVmGroup g1 out', 'scaleVmGroup g1 in']);
  assert.ok(w.logs.some((l) => l.startsWith('warn rule action scale-out for VM [dep_g1_0_x] not done: scaling is not available')), w.logs.join('\n'));
});

test('issue 12 item 5: a script rule runs the script with the event in its environment', async () => {
  const w = world();
  await feed(w, outcome('VM_OVERLOADED', 'TRUE', { value: 93, threshold: 'GE 80' }));
  assert.deepEqual(w.scripts, [
    {
      name: 'overloaded.sh',
      env: {
        ESC_EVENT: 'VM_OVERLOADED', ESC_OUTCOME: 'TRUE', KPI_VALUE: '93', KPI_THRESHOLD: 'GE 80', EVENT_TIME: '2026-01-01T00:00:00.000Z',
        TENANT: 't1', DEP_NAME: 'dep', DEP_ID: 'd1', VM_GROUP: 'g1', VM_NAME: 'dep_g1_0_x',
      },
    },
  ]);
});

test('issue 12 item 9: drift is announced once per state seen and recovered by the liveness rule after the wait', async () => {
  const w = world({ waitSecs: 2 });
  await feed(w, drift('SHUTOFF', 'SHUTOFF'), drift('SHUTOFF', 'SHUTOFF'));
  await advance(w, 2);
  assert.deepEqual(w.calls, [
    'announceVm VM_DRIFT_DETECTED: VM [dep_g1_0_x] server [srv-1] found in status SHUTOFF on the VIM, not by this manager; the recovery rules apply.',
    'recoverVm dep_g1_0_x (server in status SHUTOFF on the VIM, not by this manager)',
  ]);
});

test('issue 12 item 9: a drifted VM that answers again within the wait is not recovered', async () => {
  const w = world({ waitSecs: 2 });
  await feed(w, drift('GONE'));
  await feed(w, outcome('VM_ALIVE', 'TRUE'));
  await advance(w, 5);
  assert.deepEqual(w.calls, ['announceVm VM_DRIFT_DETECTED: VM [dep_g1_0_x] server [srv-1] found deleted on the VIM, not by this manager; the recovery rules apply.']);
});

test('IMPL-2 an outcome for a VM no longer deployed is dropped with a log line', async () => {
  const w = world();
  await feed(w, outcome('VM_ALIVE', 'FALSE', { vmName: 'gone_vm' }));
  await advance(w, 60);
  assert.deepEqual(w.calls, []);
  assert.ok(w.logs.includes('info VM [gone_vm] is no longer deployed: its outcome is dropped'));
});
