import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KpiSpec, VmGroupSpec } from './deployment-spec.ts';
import { kpiArmed, kpiHolds, kpiPolled, kpiProblem, metricOf, pollIntervalMs, scriptOf, type KpiTrack, type Outcome } from './kpi.ts';

const kpi = (over: Partial<KpiSpec> & { type?: string; continuousAlarm?: boolean; pollFrequency?: number; pollingUnit?: string } = {}): KpiSpec => ({
  eventName: 'VM_OVERLOADED',
  metricValue: '80',
  metricCond: 'GT',
  metricType: 'UINT32',
  metricOccurrencesTrue: 1,
  metricOccurrencesFalse: 1,
  ...over,
  metricCollector: { type: over.type ?? 'CPU', nicid: 0, pollFrequency: over.pollFrequency ?? 3, pollingUnit: over.pollingUnit ?? 'seconds', continuousAlarm: over.continuousAlarm ?? false },
});

test('IMPL-2 collector types map to metrics, case-insensitively; unknown ones to nothing', () => {
  assert.equal(metricOf('ICMPPing'), 'liveness');
  assert.equal(metricOf('CPU'), 'cpu');
  assert.equal(metricOf('Memory'), 'memory');
  assert.equal(metricOf('telepathy'), undefined);
});

const conditions: [string, number, boolean][] = [
  ['GT', 81, true], ['GT', 80, false], ['LT', 79, true], ['LT', 80, false], ['EQ', 80, true], ['EQ', 80.5, false],
  ['GE', 80, true], ['GE', 79, false], ['LE', 80, true], ['LE', 81, false],
];
for (const [cond, value, holds] of conditions)
  test(`IMPL-2 metric_cond ${cond} 80 with ${value} → ${holds}`, () => assert.equal(kpiHolds(kpi({ metricCond: cond }), value), holds));

test('IMPL-2 liveness holds while alive (1), whatever the condition (canonical VM_ALIVE is GT 1)', () => {
  const alive = kpi({ type: 'ICMPPing', metricValue: '1', metricCond: 'GT' });
  assert.equal(kpiHolds(alive, 1), true);
  assert.equal(kpiHolds(alive, 0), false);
});

test('IMPL-2 poll_frequency × polling_unit', () => {
  assert.equal(pollIntervalMs(kpi({ pollFrequency: 3 })), 3_000);
  assert.equal(pollIntervalMs(kpi({ pollFrequency: 2, pollingUnit: 'minutes' })), 120_000);
});

/** Runs polls from an armed track; returns what each poll raised ('-' for nothing). */
function raised(k: KpiSpec, polls: boolean[]): string[] {
  let track: KpiTrack = kpiArmed();
  return polls.map((holds) => {
    const next: { track: KpiTrack; raise?: Outcome } = kpiPolled(k, track, holds);
    track = next.track;
    return next.raise ?? '-';
  });
}

const T = true;
const F = false;
const sequences: { name: string; k: KpiSpec; polls: boolean[]; raised: string[] }[] = [
  { name: 'occurrences 1/1 raise on the first poll, once per change', k: kpi(), polls: [T, T, F, F, T], raised: ['TRUE', '-', 'FALSE', '-', 'TRUE'] },
  { name: 'occurrences_true 3 needs three consecutive polls', k: kpi({ metricOccurrencesTrue: 3 }), polls: [T, T, F, T, T, T, T], raised: ['-', '-', 'FALSE', '-', '-', 'TRUE', '-'] },
  { name: 'occurrences_false 2 needs two consecutive polls', k: kpi({ metricOccurrencesFalse: 2 }), polls: [T, F, T, F, F, F], raised: ['TRUE', '-', '-', '-', 'FALSE', '-'] },
  { name: 'continuous_alarm raises every poll while it holds', k: kpi({ continuousAlarm: true, metricOccurrencesTrue: 2 }), polls: [T, T, T, F, T], raised: ['-', 'TRUE', 'TRUE', 'FALSE', '-'] },
];
for (const s of sequences) test(`IMPL-2 ${s.name}`, () => assert.deepEqual(raised(s.k, s.polls), s.raised));

const group = (kpis: KpiSpec[]) => ({ name: 'g', kpiData: { enabled: true, kpis } }) as unknown as VmGroupSpec;
test('IMPL-2 bad kpi_data: an unknown collector type or a metric_value that is no number, named', () => {
  assert.equal(kpiProblem(group([kpi(), kpi({ type: 'ICMPPing', metricValue: '1' })])), undefined);
  assert.deepEqual(kpiProblem(group([kpi({ type: 'telepathy' })])), {
    path: 'vm_group[g]/kpi_data/kpi[VM_OVERLOADED]/metric_collector/type',
    problem: ' telepathy is no known collector; expected one of ICMPPing, CPU, MEMORY, DISK, NETWORK, SCRIPT',
  });
  assert.deepEqual(kpiProblem(group([kpi({ metricValue: 'high' })])), { path: 'vm_group[g]/kpi_data/kpi[VM_OVERLOADED]/metric_value', problem: ' high is not a number' });
});

const scripted = (properties?: { name: string; value: string }[]): KpiSpec => {
  const k = kpi({ type: 'Script', eventName: 'SESSIONS_HIGH' });
  return { ...k, metricCollector: { ...k.metricCollector, ...(properties && { properties }) } };
};
test('IMPL-2 a SCRIPT collector names a bare file by script_filename; missing or a path is named (issue 12 item 3)', () => {
  const where = 'vm_group[g]/kpi_data/kpi[SESSIONS_HIGH]/metric_collector/properties/property[script_filename]';
  assert.equal(metricOf('script'), 'script');
  assert.equal(scriptOf(scripted([{ name: 'script_filename', value: 'sessions.sh' }])), 'sessions.sh');
  assert.equal(scriptOf(kpi()), undefined);
  assert.equal(kpiProblem(group([scripted([{ name: 'script_filename', value: 'sessions.sh' }])])), undefined);
  assert.deepEqual(kpiProblem(group([scripted()])), { path: where, problem: ' is missing: a SCRIPT collector names its script' });
  assert.deepEqual(kpiProblem(group([scripted([{ name: 'script_filename', value: '../bin/sh' }])])), {
    path: where,
    problem: ' ../bin/sh names a script by a path; a script metric is a file name in monitor.scripts.dir',
  });
});
