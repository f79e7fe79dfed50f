/**
 * The manager's operation mode (esc-interface.md §5.2, `escadm op_mode`): OPERATION, or MAINTENANCE,
 * where the northbound takes no change (reads still work) so the database can be backed up or
 * restored. Which admin action each mode allows is one table; the engine's maintenance gate and
 * the admin service both ask `adminRefusal`, so the rule lives here once.
 */
import { DomainError, errors } from './errors.ts';

export const opModes = ['OPERATION', 'MAINTENANCE'] as const;
export type OpMode = (typeof opModes)[number];

/** `--mode=maintenance|operation` as escadm and the REST body give it, in any letter case. */
export function parseOpMode(text: string): OpMode | undefined {
  return opModes.find((mode) => mode === text.trim().toUpperCase());
}

/** What an admin action needs: the modes it runs in, and whether no operation may be in flight; `doing` names it in a refusal. */
interface AdminRule {
  modes: readonly OpMode[];
  idle: boolean;
  doing: string;
}

export const adminRules = {
  /** A northbound intent that changes something (deploy, service action, snapshot, ...). */
  change: { modes: ['OPERATION'], idle: false, doing: 'change' },
  /** Entering maintenance with `--ipt_check=true`. */
  enterMaintenanceChecked: { modes: opModes, idle: true, doing: 'enter maintenance mode' },
  /** A copy of the database: consistent anyway, but taken while nothing new is accepted. */
  backup: { modes: ['MAINTENANCE'], idle: false, doing: 'backup' },
  /** Replacing the database: no run may be writing to what is replaced. */
  restore: { modes: ['MAINTENANCE'], idle: true, doing: 'restore' },
} as const satisfies Record<string, AdminRule>;
export type AdminAction = keyof typeof adminRules;

/** Why `action` is refused now, or undefined when it may go ahead. */
export function adminRefusal(action: AdminAction, now: { mode: OpMode; inFlight: number }): DomainError | undefined {
  const rule: AdminRule = adminRules[action];
  if (!rule.modes.includes(now.mode)) return now.mode === 'MAINTENANCE' ? errors.maintenanceMode() : errors.adminNeedsMaintenance(rule.doing);
  if (rule.idle && now.inFlight > 0) return errors.operationsInFlight(rule.doing, now.inFlight);
  return undefined;
}
