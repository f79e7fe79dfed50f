/**
 * The `SCRIPT` collector (issue 12 item 3; ESC's dynamic-mapping script metric): the reading is the
 * number a file of `monitor.scripts.dir` prints, run per VM and poll by the rule engine's own runner
 * (no shell, `monitor.script.timeout.secs`), the VM in its environment (`rules/script-env.ts`).
 * This is the metric source that works on any cloud: the emulator's guest metrics exist only there.
 * A script that fails, times out or prints anything but one number reads no value — which counts no
 * poll (`domain/kpi.ts`) — and says why in the log.
 */
import { messageOf } from '../domain/errors.ts';
import type { ScriptMetrics } from '../engine/deployment/deps.ts';
import type { Logger } from '../engine/runtime/ports.ts';
import type { ScriptRunner } from './rules/actions-port.ts';
import { metricScriptEnv } from './rules/script-env.ts';

export function scriptMetrics(o: { run: ScriptRunner; log: Logger }): ScriptMetrics {
  return {
    async read(script, vm, server, kpi) {
      const fields = { vm: vm.name, kpi: kpi.eventName, script };
      let printed: string;
      try {
        printed = await o.run(script, metricScriptEnv(vm, server, kpi));
      } catch (err) {
        o.log.warn({ ...fields, err: messageOf(err) }, `KPI ${kpi.eventName} of VM [${vm.name}] read no value: ${messageOf(err)}`);
        return undefined;
      }
      const text = printed.trim();
      const value = Number(text);
      if (text !== '' && Number.isFinite(value)) return value;
      o.log.warn(fields, `KPI ${kpi.eventName} of VM [${vm.name}] read no value: script [${script}] printed ${text ? `[${text.slice(0, 200)}]` : 'nothing'}, not a number`);
      return undefined;
    },
  };
}
