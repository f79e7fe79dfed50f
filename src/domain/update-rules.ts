/**
 * What a service update may change and what each change does (COMP-2, esc-interface.md §6.4): the
 * one table the planner (`update-plan.ts`), the workflow and docs/state-rules.md read. A vm_group is
 * keyed by its name; within a group an interface is keyed by its `nicid` and a volume by its name.
 * A change the table refuses fails the whole request with 400 naming it, before anything is recorded.
 */
import { isDeepStrictEqual } from 'node:util';
import type { InterfaceSpec, VmGroupSpec, VolumeSpec } from './deployment-spec.ts';
import { errors } from './errors.ts';
import { slotOf, type VolumeSwap } from './volume-swap.ts';

/** `recorded`: kept in the spec and on the VMs, used where next read (a redeploy); `applied`: done on the VIM now. */
export type UpdateEffect = 'recorded' | 'applied' | 'monitoring re-armed' | 'refused';

/**
 * Per change: its effect; `vmUpdated`, whether it changes each existing VM of the group (on the VIM
 * or in its records), so that VM is sent `VM_UPDATED` — ESC reports per CHANGED VM (issue 12 item 2):
 * a new `min_active`, KPIs, rules or a group-wide setting change no existing VM.
 */
export const updateRules = {
  groupAdded: { effect: 'applied', vmUpdated: false, does: 'built: its min_active VMs deployed (VM_DEPLOYED, VM_ALIVE per VM)' },
  groupRemoved: { effect: 'applied', vmUpdated: false, does: 'torn down: its VMs undeployed in reverse dependency order' },
  image: { effect: 'recorded', vmUpdated: true, does: "recorded on the group's VMs; their next redeploy boots it (REST-1; no rebuild now)" },
  flavor: { effect: 'recorded', vmUpdated: true, does: "recorded on the group's VMs; their next redeploy uses it (no resize)" },
  day0: { effect: 'recorded', vmUpdated: true, does: 'recorded; the next redeploy writes the new config_data on the config drive' },
  interfaceAdded: { effect: 'applied', vmUpdated: true, does: 'a port made (or the named port found) and attached to each server through Nova (os-interface)' },
  interfaceRemoved: { effect: 'applied', vmUpdated: true, does: 'detached from each server through Nova; the port deleted when the manager made it' },
  volumeAdded: { effect: 'applied', vmUpdated: true, does: 'a volume made per VM (an external one found) and attached through Nova' },
  volumeRemoved: { effect: 'applied', vmUpdated: true, does: 'detached from each server through Nova; the volume deleted when the manager made it' },
  volumeSwapped: { effect: 'applied', vmUpdated: true, does: 'the external volume takes the old one\'s boot slot (REST-2, REST-3); the old one is left detached' },
  scaling: { effect: 'applied', vmUpdated: false, does: 'a min_active above the VM count builds the VMs missing (COMP-4); a lower one removes none' },
  monitoring: { effect: 'monitoring re-armed', vmUpdated: false, does: "kpi_data or rules: the monitor reads them again for the group's VMs when the update ends" },
  settings: { effect: 'recorded', vmUpdated: false, does: 'any other group setting (bootup_time, recovery, placement, vim_vm_name, extensions): recorded, used where next read' },
  groupRenamed: { effect: 'refused', vmUpdated: false, does: "a group's name is its key: a group removed and one added alike but for the name is a rename" },
  nicidOrder: { effect: 'refused', vmUpdated: false, does: "the networks of a group's interfaces change places between nicids" },
  interfaceNetwork: { effect: 'refused', vmUpdated: false, does: "an existing interface's network cannot change (remove it in one update, add it in another)" },
  interfaceChanged: { effect: 'refused', vmUpdated: false, does: "an existing interface's settings cannot change (remove it in one update, add it in another)" },
  volumeChanged: { effect: 'refused', vmUpdated: false, does: "an existing volume's settings cannot change (give the new one another name)" },
  bootVolume: { effect: 'refused', vmUpdated: false, does: 'a boot volume (boot slot 0) is replaced only by an external volume (REST-2), never added or removed' },
} as const satisfies Record<string, { effect: UpdateEffect; vmUpdated: boolean; does: string }>;

export type ChangeKind = keyof typeof updateRules;

/** A change the update makes to a group that stays; interfaces by nicid, volumes by name. */
export type GroupChange =
  | { kind: 'image' | 'flavor' | 'day0' | 'scaling' | 'monitoring' | 'settings' | 'volumeSwapped' }
  | { kind: 'interfaceAdded' | 'interfaceRemoved'; nicid: number }
  | { kind: 'volumeAdded' | 'volumeRemoved'; volume: string };

/** Whether the changes to a group change its existing VMs (each then sent `VM_UPDATED`). */
export const changesVms = (changes: GroupChange[]): boolean => changes.some((c) => updateRules[c.kind].vmUpdated);

/** Refuses the update naming the change and the rule (400, nothing changed). */
function refuse(kind: ChangeKind, what: string): never {
  throw errors.updateRefused(what, updateRules[kind].does);
}

/** Compares as stored: the previous spec went through JSON, where absent and undefined are one. */
export function sameAsStored(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** The changes to one group present before and after, `swaps` its volume swaps; throws a refusal. */
export function groupChanges(before: VmGroupSpec, after: VmGroupSpec, swaps: VolumeSwap[]): GroupChange[] {
  const changed = {
    image: before.image !== after.image,
    flavor: before.flavor !== after.flavor,
    day0: !sameAsStored(before.configData, after.configData),
    scaling: !sameAsStored(before.scaling, after.scaling),
    monitoring: !sameAsStored(before.kpiData, after.kpiData) || !sameAsStored(before.rules, after.rules),
    settings: !sameAsStored(settingsOf(before), settingsOf(after)),
  };
  return [
    ...(Object.keys(changed) as (keyof typeof changed)[]).filter((kind) => changed[kind]).map((kind) => ({ kind })),
    ...interfaceChanges(after.name, before.interfaces, after.interfaces),
    ...volumeChanges(after.name, before.volumes, after.volumes, swaps),
  ];
}

/** A removed group and an added one that differ only by name are a rename: refused. */
export function refuseRenames(removed: VmGroupSpec[], added: VmGroupSpec[]): void {
  for (const gone of removed)
    for (const fresh of added)
      if (sameAsStored({ ...gone, name: '' }, { ...fresh, name: '' })) refuse('groupRenamed', `vm_group [${gone.name}] renamed [${fresh.name}]`);
}

function settingsOf(g: VmGroupSpec): Partial<VmGroupSpec> {
  const { name, image, flavor, configData, scaling, kpiData, rules, interfaces, volumes, ...rest } = g;
  return rest;
}

/** Interfaces are nicid 0, 1, 2… (the parser's rule), so only the last ones can come or go. */
function interfaceChanges(group: string, before: InterfaceSpec[], after: InterfaceSpec[]): GroupChange[] {
  const kept = after.filter((i) => before.some((b) => b.nicid === i.nicid));
  const old = (nicid: number) => before.find((b) => b.nicid === nicid)!;
  const moved = kept.filter((i) => old(i.nicid).network !== i.network);
  if (moved.length > 0) {
    const networks = (list: InterfaceSpec[]) => list.map((i) => i.network).sort();
    const what = moved.map((i) => `interface ${i.nicid} of vm_group [${group}] from network [${old(i.nicid).network}] to [${i.network}]`).join(', ');
    if (moved.length > 1 && isDeepStrictEqual(networks(moved.map((i) => old(i.nicid))), networks(moved))) refuse('nicidOrder', what);
    refuse('interfaceNetwork', what);
  }
  for (const i of kept)
    if (!sameAsStored(old(i.nicid), i)) refuse('interfaceChanged', `interface ${i.nicid} of vm_group [${group}]`);
  return [
    ...before.filter((b) => !after.some((i) => i.nicid === b.nicid)).map((b) => ({ kind: 'interfaceRemoved' as const, nicid: b.nicid })),
    ...after.filter((i) => !before.some((b) => b.nicid === i.nicid)).map((i) => ({ kind: 'interfaceAdded' as const, nicid: i.nicid })),
  ];
}

/** Volumes by name, apart from the swaps (`volume-swap.ts`), which pair a leaving and an arriving one. */
function volumeChanges(group: string, before: VolumeSpec[], after: VolumeSpec[], swaps: VolumeSwap[]): GroupChange[] {
  const mine = swaps.filter((s) => s.group === group);
  const leaving = before.filter((v) => !mine.some((s) => s.from === v.name) && !after.some((a) => sameAsStored(a, v)));
  const arriving = after.filter((v) => !mine.some((s) => s.to === v.name) && !before.some((b) => sameAsStored(b, v)));
  for (const v of arriving)
    if (leaving.some((l) => l.name === v.name)) refuse('volumeChanged', `volume [${v.name}] of vm_group [${group}]`);
  for (const v of [...leaving, ...arriving])
    if (slotOf(v) === 0) refuse('bootVolume', `volume [${v.name}] of vm_group [${group}]`);
  return [
    ...(mine.length > 0 ? [{ kind: 'volumeSwapped' as const }] : []),
    ...leaving.map((v) => ({ kind: 'volumeRemoved' as const, volume: v.name })),
    ...arriving.map((v) => ({ kind: 'volumeAdded' as const, volume: v.name })),
  ];
}
