/**
 * The manager as `vnfm serve` starts it, plus the narrowest seam a crash test of rule-driven scaling
 * needs in a child process: ESC has no northbound scaling request (esc-interface.md §6.3), so each
 * line on stdin is a `scaleVmGroup` request (JSON) handed to the engine, as the rule engine would,
 * and answered on stdout with `scale accepted <operationId>` or `scale refused <message>`.
 * Argument: the settings, as one JSON object (`ChildManager` with `script`).
 */
import { createInterface } from 'node:readline';
import { startManager } from '../../src/app/manager.ts';
import { messageOf } from '../../src/domain/errors.ts';

const manager = await startManager({ settings: JSON.parse(process.argv[2] ?? '{}') as Record<string, string> });

createInterface({ input: process.stdin }).on('line', (line) => {
  manager.engine.scaleVmGroup(JSON.parse(line)).then(
    (accepted) => process.stdout.write(`scale accepted ${accepted.operationId}\n`),
    (err: unknown) => process.stdout.write(`scale refused ${messageOf(err)}\n`),
  );
});
