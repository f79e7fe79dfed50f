/**
 * A child-process entry for crash tests of the rule engine (IMPL-2): the manager as `vnfm serve`
 * starts it (same arguments: `serve --port P --data-dir D -D key=value ...`), plus a test seam —
 * each line on stdin is a KPI outcome (or, with `serverId`, a drift observation) handed to the
 * manager's rule engine, as the monitor's collectors hand them over.
 */
import { createInterface } from 'node:readline';
import { startManager } from '../../src/app/manager.ts';
import type { DriftObservation, KpiOutcome } from '../../src/monitor/outcome.ts';

const settings: Record<string, string> = {};
const args = process.argv.slice(2).filter((a) => a !== 'serve');
for (let i = 0; i < args.length; i += 2) {
  const [flag, value = ''] = [args[i], args[i + 1]];
  if (flag === '--port') settings['server.port'] = value;
  else if (flag === '--data-dir') settings['data.dir'] = value;
  else if (flag === '-D') settings[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
  else throw new Error(`unexpected argument ${flag}`);
}
const manager = await startManager({ settings });
for await (const line of createInterface({ input: process.stdin })) {
  const item = JSON.parse(line) as KpiOutcome | DriftObservation;
  if ('serverId' in item) manager.outcomes.onDrift(item);
  else manager.outcomes.onOutcome(item);
}
