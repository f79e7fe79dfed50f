/**
 * A child-process entry for crash tests of what has no northbound request: the manager as `vnfm
 * serve` starts it (its very command definition, `src/cli/serve-command.ts`), plus a test seam
 * on stdin, one JSON object per line:
 * - `{"scale": {...}}`: a `scaleVmGroup` request (COMP-4) handed to the engine as the rule engine
 *   would, answered on stdout with `scale accepted <operationId>` or `scale refused <message>`;
 * - a KPI outcome, or (with `serverId`) a drift observation (IMPL-2), handed to the manager's rule
 *   engine as the monitor's collectors hand them over.
 */
import { Command } from 'commander';
import { createInterface } from 'node:readline';
import { startManager } from '../../src/app/manager.ts';
import { serveCommand } from '../../src/cli/serve-command.ts';
import type { EngineApi } from '../../src/engine/api.ts';
import { messageOf } from '../../src/domain/errors.ts';
import type { DriftObservation, KpiOutcome } from '../../src/monitor/outcome.ts';

type Line = { scale: Parameters<EngineApi['scaleVmGroup']>[0] } | KpiOutcome | DriftObservation;

/** Started as `vnfm serve` is: the same command definition reads the same arguments. */
async function serveWithSeam(settings: Record<string, string>): Promise<void> {
  const manager = await startManager({ settings });
  for await (const text of createInterface({ input: process.stdin })) {
    const line = JSON.parse(text) as Line;
    if ('scale' in line)
      manager.engine.scaleVmGroup(line.scale).then(
        (accepted) => process.stdout.write(`scale accepted ${accepted.operationId}\n`),
        (err: unknown) => process.stdout.write(`scale refused ${messageOf(err)}\n`),
      );
    else if ('serverId' in line) manager.outcomes.onDrift(line);
    else manager.outcomes.onOutcome(line);
  }
}

await new Command('seamed-manager').addCommand(serveCommand(serveWithSeam)).parseAsync();
