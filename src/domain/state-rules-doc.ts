/**
 * Renders the state tables and the service-update rule table as Markdown (docs/state-rules.md),
 * so the document users read is the rule the engine applies. `state-rules-doc.test.ts` fails when
 * the committed file is stale; `npm run docs:states` rewrites it.
 */
import { serviceDecision, serviceOperations } from './service-transitions.ts';
import { serviceStates, vmStates } from './states.ts';
import { updateRules } from './update-rules.ts';
import { vmDecision, vmOperations } from './vm-transitions.ts';

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const short = (state: string) => state.replace(/^(SERVICE|VM)_/, '').replace(/_STATE$/, '');

export function renderStateRules(): string {
  const service = table(
    ['service state', ...serviceOperations],
    serviceStates.map((s) => [s, ...serviceOperations.map((op) => {
      const d = serviceDecision(s, op);
      return d.allowed ? `→ ${short(d.next)}` : 'refused';
    })]),
  );
  const vm = table(
    ['VM state', ...vmOperations.flatMap((op) => (op === 'start' || op === 'stop' || op === 'reboot' ? [op, `${op} (force)`] : [op]))],
    vmStates.map((s) => [s, ...vmOperations.flatMap((op) => {
      const cell = (force: boolean) => {
        const d = vmDecision(s, op, { force });
        return d.allowed ? `→ ${short(d.next)}` : 'refused';
      };
      return op === 'start' || op === 'stop' || op === 'reboot' ? [cell(false), cell(true)] : [cell(false)];
    })]),
  );
  return `# State rules

Generated from \`src/domain/service-transitions.ts\` and \`src/domain/vm-transitions.ts\` by
\`npm run docs:states\`; do not edit by hand. "→ X" is the state the operation enters; "refused"
answers 409 with the reason the table gives (for example "a start is running; only an undeploy may
interrupt it (OPS-2)"). \`vmOperation\` is any single-VM operation, checked against the service state
before the VM table. A VM stop or reboot without force is also refused when it would take the group
below its \`min_active\` (VMOP-2).

## Service (deployment) state × operation

${service}

## VM state × operation

${vm}

## Service update: what each change does (COMP-2)

From \`src/domain/update-rules.ts\`. "recorded": kept in the deployment and on its VMs, used where next
read (a redeploy); "applied": done on the VIM during the update; "refused": the update answers 400
naming the change, and nothing changes. A group is keyed by its name, an interface by its \`nicid\`,
a volume by its name. \`VM_UPDATED\` goes to each existing VM a change changes, and to no other.

${table(['change', 'effect', 'VM_UPDATED per VM', 'what happens'], Object.entries(updateRules).map(([kind, r]) => [kind, r.effect, r.effect === 'refused' ? '—' : r.vmUpdated ? 'yes' : 'no', r.does]))}
`;
}
