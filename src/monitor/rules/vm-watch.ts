/**
 * What the rule engine remembers of one VM between outcomes, in memory only (after a restart the
 * monitor observes again, IMPL-2): each KPI's last outcome (VM_ALIVE is announced on TRUE after a
 * FALSE), the drift last announced, the recovery waiting out `recovery_wait_time` (at most one,
 * cancelled when one of the KPIs it waits on is TRUE again) and the recovery operation it started.
 */
export interface PendingRecovery {
  /** A TRUE outcome of one of these events within the wait: the VM answers again, nothing is done. */
  cancelledBy: string[];
  abort: AbortController;
}

export class VmWatch {
  readonly lastOutcome = new Map<string, 'TRUE' | 'FALSE'>();
  lastDrift: string | undefined;
  pending: PendingRecovery | undefined;
  /** The id of the recovery operation this engine started, while it may still run. */
  recovering: string | undefined;

  /** A TRUE outcome of `eventName`: a recovery waiting on it is called off. Returns whether one was. */
  answered(eventName: string): boolean {
    if (!this.pending?.cancelledBy.includes(eventName)) return false;
    this.pending.abort.abort();
    this.pending = undefined;
    this.lastDrift = undefined;
    return true;
  }

  /** A recovery is starting: what was seen before it no longer says anything about the new VM. */
  recoveryStarted(operationId: string): void {
    this.recovering = operationId;
    this.lastOutcome.clear();
    this.lastDrift = undefined;
  }
}
