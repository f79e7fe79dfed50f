/**
 * The rule engine (IMPL-2, esc-interface.md §6.1–6.2; issue 12 items 5, 6 and 9): monitoring hands
 * it KPI outcomes and drift (`OutcomeSink`); it runs the actions the VM group's rules fire
 * (`domain/rule-actions.ts`) through the engine's intents (`RuleActions`).
 *
 * Automatic recovery waits the group's `recovery_wait_time` first, on the injected clock and off the
 * VM's queue, so an operator's reboot inside it (a TRUE outcome) calls it off; then
 * `domain/recovery-policy.ts` `automaticRecovery` decides: recover through the manual recovery's own
 * engine call with the outcome as the reason, announce VM_MANUAL_RECOVERY_NEEDED (recovery_type
 * MANUAL), or refuse (service stopped: logged, no event). One recovery at a time per VM: a FALSE
 * while one waits or runs is ignored. Outcomes of one VM are handled in order; nothing blocks the
 * caller (the monitor loop).
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { DeploymentView, Vm } from '../../domain/entities.ts';
import { messageOf } from '../../domain/errors.ts';
import type { NotifyTargets } from '../../domain/operation.ts';
import { automaticRecovery } from '../../domain/recovery-policy.ts';
import { actionsFiring, eventsRecoveredOnFailure, type RuleAction } from '../../domain/rule-actions.ts';
import type { Logger } from '../../engine/runtime/ports.ts';
import type { Clock } from '../../time/clock.ts';
import type { DriftObservation, KpiOutcome, MonitoredVmRef, OutcomeSink } from '../outcome.ts';
import type { RuleActions, ScriptRunner } from './actions-port.ts';
import { scriptEnv } from './script-env.ts';
import { VmWatch } from './vm-watch.ts';

/** Automatic actions have no request behind them: their events go to the NETCONF stream and `GET /events`. */
const automatic: NotifyTargets = { format: 'xml' };

interface Found {
  view: DeploymentView;
  vm: Vm;
  group: VmGroupSpec;
}

export class RuleEngine implements OutcomeSink {
  readonly #actions: RuleActions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #runScript: ScriptRunner;
  readonly #watches = new Map<string, VmWatch>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #background = new Set<Promise<void>>();

  constructor(o: { actions: RuleActions; clock: Clock; log: Logger; runScript: ScriptRunner }) {
    this.#actions = o.actions;
    this.#clock = o.clock;
    this.#log = o.log;
    this.#runScript = o.runScript;
  }

  onOutcome(o: KpiOutcome): void {
    this.#queue(o.vmName, () => this.#outcome(o));
  }

  onDrift(d: DriftObservation): void {
    this.#queue(d.vmName, () => this.#drift(d));
  }

  /** Resolves once everything handed in so far is handled (waits still pending excepted). */
  async idle(): Promise<void> {
    while (this.#queues.size || this.#background.size) await Promise.all([...this.#queues.values(), ...this.#background]);
  }

  /** Calls off the pending waits (the manager stops; after a restart the monitor observes again). */
  close(): void {
    for (const watch of this.#watches.values()) watch.pending?.abort.abort();
  }

  async #outcome(o: KpiOutcome): Promise<void> {
    const watch = this.#watch(o.vmName);
    const afterFalse = watch.lastOutcome.get(o.eventName) === 'FALSE';
    watch.lastOutcome.set(o.eventName, o.outcome);
    if (o.outcome === 'TRUE' && watch.answered(o.eventName)) this.#log.info(this.#fields(o), `VM [${o.vmName}] answers again within recovery_wait_time: no recovery`);
    const found = await this.#find(o);
    if (!found) return;
    for (const action of actionsFiring(found.group.rules, o.eventName, o.outcome)) await this.#act(action, o, found, afterFalse);
  }

  async #act(action: RuleAction, o: KpiOutcome, found: Found, afterFalse: boolean): Promise<void> {
    const reason = `KPI ${o.eventName} ${o.outcome}${o.value === undefined ? '' : `, value ${o.value}`}, threshold ${o.threshold}`;
    switch (action.kind) {
      case 'log':
        return this.#log.info(this.#fields(o), `KPI ${o.eventName} of VM [${o.vmName}] is ${o.outcome}`);
      case 'aliveNotification':
        if (o.outcome === 'TRUE' && afterFalse)
          await this.#announce(o, { event: 'VM_ALIVE', message: `VM_Alive event received, VM ID: [${found.vm.serverId}]`, kpi: { name: o.eventName, threshold: o.threshold, value: String(o.value ?? '') } });
        return;
      case 'recover':
        if (o.outcome === 'FALSE') await this.#waitThenRecover(o, found.group, { reason, cancelledBy: [o.eventName] });
        return;
      case 'scale':
        return this.#attempt(o, `scale-${action.direction}`, () => this.#actions.scaleVmGroup({ deploymentName: o.deploymentName, group: o.group, direction: action.direction, reason, notify: automatic }));
      case 'script':
        // A script may run for minutes: off the VM's queue, its end logged.
        this.#detach(this.#attempt(o, `script ${action.name}`, () => this.#runScript(action.name, scriptEnv(o))));
        return;
    }
  }

  /** Drift (issue 12 item 9): announced once per state seen, and recovered by the rules that recover a VM found down. */
  async #drift(d: DriftObservation): Promise<void> {
    const watch = this.#watch(d.vmName);
    const found = await this.#find(d);
    if (!found || watch.lastDrift === d.observed) return;
    watch.lastDrift = d.observed;
    const cancelledBy = eventsRecoveredOnFailure(found.group.rules);
    const seen = `${d.observed === 'GONE' ? 'deleted' : `in status ${d.status ?? d.observed}`} on the VIM, not by this manager`;
    const message = `VM [${d.vmName}] server [${d.serverId}] found ${seen}${cancelledBy.length ? '; the recovery rules apply' : '; no rule recovers it'}.`;
    await this.#announce(d, { event: 'VM_DRIFT_DETECTED', message });
    if (cancelledBy.length) await this.#waitThenRecover(d, found.group, { reason: `server ${seen}`, cancelledBy });
  }

  /** Starts the `recovery_wait_time` wait, unless a recovery of the VM already waits or runs. */
  async #waitThenRecover(ref: MonitoredVmRef, group: VmGroupSpec, o: { reason: string; cancelledBy: string[] }): Promise<void> {
    const watch = this.#watch(ref.vmName);
    if (watch.pending || (watch.recovering && (await this.#stillRunning(watch.recovering)))) {
      this.#log.info(this.#fields(ref), `VM [${ref.vmName}] is already being recovered: ${o.reason} ignored`);
      return;
    }
    watch.recovering = undefined;
    const abort = new AbortController();
    watch.pending = { cancelledBy: o.cancelledBy, abort };
    // Not awaited, not on the VM's queue: the outcome that calls it off must get through meanwhile.
    void this.#clock.sleep(group.recoveryWaitTime * 1000, abort.signal).then(
      () => {
        watch.pending = undefined;
        this.#queue(ref.vmName, () => this.#recover(ref, o.reason));
      },
      () => undefined, // called off: the VM answered, or the manager stops
    );
  }

  async #recover(ref: MonitoredVmRef, reason: string): Promise<void> {
    const found = await this.#find(ref);
    if (!found) return;
    const decision = automaticRecovery(found.view.deployment.state, found.group);
    if (decision.act === 'refuse') return this.#log.warn(this.#fields(ref), `automatic recovery of VM [${ref.vmName}] refused (${reason}): ${decision.reason}`);
    if (decision.act === 'announce')
      return this.#announce(ref, { event: 'VM_MANUAL_RECOVERY_NEEDED', message: `VM [${ref.vmName}] needs a manual recovery (${reason}): its recovery_type is MANUAL.` });
    await this.#attempt(ref, 'recovery', async () => {
      const { operationId } = await this.#actions.recoverVm({ vmName: ref.vmName, reason, notify: automatic });
      this.#watch(ref.vmName).recoveryStarted(operationId);
    });
  }

  async #stillRunning(operationId: string): Promise<boolean> {
    return (await this.#actions.getOperation(operationId).catch(() => undefined))?.status === 'RUNNING';
  }

  #announce(ref: MonitoredVmRef, req: Omit<Parameters<RuleActions['announceVm']>[0], 'vmName'>): Promise<void> {
    return this.#attempt(ref, req.event, () => this.#actions.announceVm({ vmName: ref.vmName, ...req }));
  }

  /** Runs one action; a refusal or failure is logged (the rule engine has no one to answer). */
  async #attempt(ref: MonitoredVmRef, what: string, act: () => Promise<unknown>): Promise<void> {
    try {
      await act();
    } catch (err) {
      this.#log.warn({ ...this.#fields(ref), err: messageOf(err) }, `rule action ${what} for VM [${ref.vmName}] not done: ${messageOf(err)}`);
    }
  }

  /** The VM's deployment, record and group as they are now; gone (undeployed meanwhile): logged, undefined. */
  async #find(ref: MonitoredVmRef): Promise<Found | undefined> {
    try {
      const view = await this.#actions.getDeployment(ref.deploymentName);
      const vm = view.vms.find((v) => v.name === ref.vmName);
      const group = view.deployment.spec.vmGroups.find((g) => g.name === ref.group);
      if (vm && group) return { view, vm, group };
      this.#log.info(this.#fields(ref), `VM [${ref.vmName}] is no longer deployed: its outcome is dropped`);
    } catch (err) {
      this.#log.info({ ...this.#fields(ref), err: messageOf(err) }, `VM [${ref.vmName}] outcome dropped: ${messageOf(err)}`);
    }
    return undefined;
  }

  #watch(vmName: string): VmWatch {
    let watch = this.#watches.get(vmName);
    if (!watch) this.#watches.set(vmName, (watch = new VmWatch()));
    return watch;
  }

  /** Runs `fn` after everything queued for the VM; the queue is dropped once drained. */
  #queue(vmName: string, fn: () => Promise<void>): void {
    const next = (this.#queues.get(vmName) ?? Promise.resolve())
      .then(fn)
      .catch((err: unknown) => this.#log.error({ vm: vmName, err: messageOf(err) }, 'rule engine failed on an outcome'))
      .finally(() => {
        if (this.#queues.get(vmName) === next) this.#queues.delete(vmName);
      });
    this.#queues.set(vmName, next);
  }

  #detach(work: Promise<void>): void {
    this.#background.add(work);
    void work.finally(() => this.#background.delete(work));
  }

  #fields(ref: MonitoredVmRef & Partial<Pick<KpiOutcome, 'eventName' | 'outcome'>>): object {
    return { deployment: ref.deploymentName, vm: ref.vmName, group: ref.group, kpi: ref.eventName, outcome: ref.outcome };
  }
}
