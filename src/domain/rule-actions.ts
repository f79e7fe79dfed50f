/**
 * KPI rules (IMPL-2, esc-interface.md §6.1): a group's `rules/admin_rules` and `user_rules` map a
 * KPI's `event_name` to actions written `"<WHEN> <action>"`, WHEN being ALWAYS, TRUE or FALSE (the
 * KPI's outcome). The action forms and what each does (docs/esc-inferences.md, rule actions [I]):
 * - `log`: a log line with the outcome;
 * - `esc_vm_alive_notification`: VM_ALIVE when the VM answers again after a FALSE outcome (deploy,
 *   start and reboot send the first one);
 * - `recover autohealing`: automatic recovery (`recovery-policy.ts` decides how);
 * - `servicescaleup.sh` / `servicescaledown.sh`: scale-out / scale-in of the VM's group (COMP-4);
 * - any other single word: a script of that name in `monitor.scripts.dir`, run without a shell.
 * Rules are checked when a deployment is asked for (`rulesProblem`): a bad one is refused, naming it.
 */
import type { RulesSpec, VmGroupSpec } from './deployment-spec.ts';
import { isScriptFileName } from './script-name.ts';

export const ruleWhens = ['ALWAYS', 'TRUE', 'FALSE'] as const;
export type RuleWhen = (typeof ruleWhens)[number];

export type RuleActionKind =
  | { kind: 'log' }
  | { kind: 'aliveNotification' }
  | { kind: 'recover' }
  | { kind: 'scale'; direction: 'out' | 'in' }
  | { kind: 'script'; name: string };

export type RuleAction = RuleActionKind & { when: RuleWhen };

/** The named forms; anything else of one word is a script. */
const namedActions: Record<string, RuleActionKind> = {
  log: { kind: 'log' },
  esc_vm_alive_notification: { kind: 'aliveNotification' },
  'recover autohealing': { kind: 'recover' },
  'servicescaleup.sh': { kind: 'scale', direction: 'out' },
  'servicescaledown.sh': { kind: 'scale', direction: 'in' },
};

/** One action string parsed, or what is wrong with it. */
export function parseRuleAction(text: string): RuleAction | { problem: string } {
  const [when = '', ...rest] = text.trim().split(/\s+/);
  const upper = when.toUpperCase();
  if (!ruleWhens.includes(upper as RuleWhen)) return { problem: `[${text}] does not start with ALWAYS, TRUE or FALSE` };
  const action = rest.join(' ');
  const named = namedActions[action];
  if (named) return { when: upper as RuleWhen, ...named };
  if (rest.length !== 1) return { problem: `[${text}] is not an action this manager knows (log, esc_vm_alive_notification, recover autohealing, servicescaleup.sh, servicescaledown.sh or a script name)` };
  if (!isScriptFileName(action)) return { problem: `[${text}] names a script by a path; a script action is a file name in monitor.scripts.dir` };
  return { when: upper as RuleWhen, kind: 'script', name: action };
}

/** The actions that fire for a KPI outcome: admin rules, then user rules, for its event, whose WHEN matches. */
export function actionsFiring(rules: RulesSpec, eventName: string, outcome: 'TRUE' | 'FALSE'): RuleAction[] {
  return [...rules.adminRules, ...rules.userRules]
    .filter((rule) => rule.eventName === eventName)
    .flatMap((rule) => rule.actions.map(parseRuleAction))
    .filter((a): a is RuleAction => !('problem' in a) && (a.when === 'ALWAYS' || a.when === outcome));
}

/**
 * The events whose FALSE outcome recovers the VM (a rule `FALSE|ALWAYS recover autohealing`). Drift
 * (issue 12 item 9) is handled by the same rules: recovered when there is one, and a TRUE outcome of
 * one of them means the VM answers again.
 */
export function eventsRecoveredOnFailure(rules: RulesSpec): string[] {
  const events = [...rules.adminRules, ...rules.userRules]
    .filter((rule) => rule.actions.map(parseRuleAction).some((a) => !('problem' in a) && a.kind === 'recover' && a.when !== 'TRUE'))
    .map((rule) => rule.eventName);
  return [...new Set(events)];
}

/**
 * What is wrong with a group's rules, checked before a deployment is accepted: an action that does
 * not parse, a rule for an event no KPI of the group raises [I], a script action while no
 * `monitor.scripts.dir` is set.
 */
export function rulesProblem(group: Pick<VmGroupSpec, 'name' | 'rules' | 'kpiData'>, o: { scriptsDir: boolean }): string | undefined {
  const events = new Set(group.kpiData.kpis.map((k) => k.eventName));
  for (const [section, rules] of [['admin_rules', group.rules.adminRules], ['user_rules', group.rules.userRules]] as const)
    for (const rule of rules) {
      const where = `vm_group [${group.name}] ${section} rule [${rule.eventName}]`;
      if (!events.has(rule.eventName)) return `${where}: no KPI of the group has event_name [${rule.eventName}]`;
      for (const text of rule.actions) {
        const action = parseRuleAction(text);
        if ('problem' in action) return `${where}: action ${action.problem}`;
        if (action.kind === 'script' && !o.scriptsDir) return `${where}: script action [${action.name}] needs monitor.scripts.dir, which is not set`;
      }
    }
  return undefined;
}
