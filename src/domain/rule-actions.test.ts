import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KpiSpec, RulesSpec } from './deployment-spec.ts';
import { actionsFiring, eventsRecoveredOnFailure, parseRuleAction, rulesProblem } from './rule-actions.ts';

const parseCases: { text: string; parsed: string }[] = [
  { text: 'ALWAYS log', parsed: 'ALWAYS log' },
  { text: 'TRUE esc_vm_alive_notification', parsed: 'TRUE aliveNotification' },
  { text: 'FALSE recover autohealing', parsed: 'FALSE recover' },
  { text: '  false   recover   autohealing ', parsed: 'FALSE recover' },
  { text: 'TRUE servicescaleup.sh', parsed: 'TRUE scale out' },
  { text: 'TRUE servicescaledown.sh', parsed: 'TRUE scale in' },
  { text: 'TRUE servicebooted.sh', parsed: 'TRUE script servicebooted.sh' },
  { text: 'SOMETIMES log', parsed: 'problem: [SOMETIMES log] does not start with ALWAYS, TRUE or FALSE' },
  { text: 'log', parsed: 'problem: [log] does not start with ALWAYS, TRUE or FALSE' },
  { text: 'TRUE', parsed: 'problem: [TRUE] is not an action' },
  { text: 'FALSE recover now', parsed: 'problem: [FALSE recover now] is not an action' },
  { text: 'TRUE ../bin/x.sh', parsed: 'problem: [TRUE ../bin/x.sh] names a script by a path' },
  { text: 'TRUE bin\\x.sh', parsed: 'problem: [TRUE bin\\x.sh] names a script by a path' },
  { text: 'TRUE ..', parsed: 'problem: [TRUE ..] names a script by a path' },
];

for (const c of parseCases) {
  test(`IMPL-2 rule action [${c.text}] → ${c.parsed}`, () => {
    const a = parseRuleAction(c.text);
    const shown =
      'problem' in a
        ? `problem: ${a.problem}`
        : [a.when, a.kind, a.kind === 'scale' ? a.direction : a.kind === 'script' ? a.name : undefined].filter(Boolean).join(' ');
    assert.ok(shown.startsWith(c.parsed), `${shown} should start with ${c.parsed}`);
  });
}

const rules: RulesSpec = {
  adminRules: [
    { eventName: 'VM_ALIVE', actions: ['ALWAYS log', 'TRUE esc_vm_alive_notification', 'FALSE recover autohealing'] },
    { eventName: 'VM_OVERLOADED', actions: ['TRUE servicescaleup.sh'] },
  ],
  userRules: [{ eventName: 'VM_ALIVE', actions: ['FALSE notify.sh'] }],
};

const firingCases: { event: string; outcome: 'TRUE' | 'FALSE'; kinds: string[] }[] = [
  { event: 'VM_ALIVE', outcome: 'TRUE', kinds: ['log', 'aliveNotification'] },
  { event: 'VM_ALIVE', outcome: 'FALSE', kinds: ['log', 'recover', 'script'] },
  { event: 'VM_OVERLOADED', outcome: 'TRUE', kinds: ['scale'] },
  { event: 'VM_OVERLOADED', outcome: 'FALSE', kinds: [] },
  { event: 'VM_UNDERLOADED', outcome: 'TRUE', kinds: [] },
];

for (const c of firingCases) {
  test(`IMPL-2 ${c.event} ${c.outcome} fires admin rules then user rules whose WHEN matches: ${c.kinds.join(', ') || 'nothing'}`, () => {
    assert.deepEqual(actionsFiring(rules, c.event, c.outcome).map((a) => a.kind), c.kinds);
  });
}

test('IMPL-2 drift is recovered where a rule recovers on FALSE or ALWAYS, not on TRUE only', () => {
  assert.deepEqual(eventsRecoveredOnFailure(rules), ['VM_ALIVE']);
  assert.deepEqual(eventsRecoveredOnFailure({ adminRules: [{ eventName: 'VM_ALIVE', actions: ['TRUE recover autohealing'] }], userRules: [] }), []);
  assert.deepEqual(eventsRecoveredOnFailure({ adminRules: [], userRules: [{ eventName: 'PING', actions: ['ALWAYS recover autohealing'] }] }), ['PING']);
});

const kpi = (eventName: string) => ({ eventName }) as KpiSpec;
const groupWith = (admin: string[], o: { event?: string; kpis?: string[] } = {}) => ({
  name: 'g',
  kpiData: { enabled: true, kpis: (o.kpis ?? ['VM_ALIVE']).map(kpi) },
  rules: { adminRules: [{ eventName: o.event ?? 'VM_ALIVE', actions: admin }], userRules: [] },
});

const problemCases: { name: string; group: ReturnType<typeof groupWith>; scriptsDir: boolean; problem?: string }[] = [
  { name: 'the ESC liveness rules', group: groupWith(['ALWAYS log', 'TRUE esc_vm_alive_notification', 'FALSE recover autohealing']), scriptsDir: false },
  { name: 'a script with monitor.scripts.dir set', group: groupWith(['TRUE booted.sh']), scriptsDir: true },
  {
    name: 'a script without monitor.scripts.dir',
    group: groupWith(['TRUE booted.sh']),
    scriptsDir: false,
    problem: 'vm_group [g] admin_rules rule [VM_ALIVE]: script action [booted.sh] needs monitor.scripts.dir, which is not set',
  },
  { name: 'an unknown WHEN', group: groupWith(['NEVER log']), scriptsDir: true, problem: 'vm_group [g] admin_rules rule [VM_ALIVE]: action [NEVER log] does not start with ALWAYS, TRUE or FALSE' },
  { name: 'a script path', group: groupWith(['TRUE /bin/sh']), scriptsDir: true, problem: 'vm_group [g] admin_rules rule [VM_ALIVE]: action [TRUE /bin/sh] names a script by a path' },
  {
    name: 'a rule for an event no KPI has',
    group: groupWith(['ALWAYS log'], { event: 'VM_OVERLOADED' }),
    scriptsDir: false,
    problem: 'vm_group [g] admin_rules rule [VM_OVERLOADED]: no KPI of the group has event_name [VM_OVERLOADED]',
  },
];

for (const c of problemCases) {
  test(`IMPL-2 rules checked at request time: ${c.name}`, () => {
    const problem = rulesProblem(c.group, { scriptsDir: c.scriptsDir });
    if (c.problem === undefined) assert.equal(problem, undefined);
    else assert.ok(problem?.startsWith(c.problem), problem);
  });
}
