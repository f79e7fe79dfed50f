/**
 * ESC's value limits and enumerations (esc-interface.md §2.3–2.5, from esc_types.yang) and the pure
 * structural rules a deployment must satisfy (IMPL-1, COMP-1, COMP-4). Each rule is a small
 * predicate or finder returning what is wrong, so the datamodel parser can name the element in its
 * message and the engine can re-check an update with the same rules; nothing here throws or knows
 * a wire format.
 */

/** Length bounds of ESC's string types, in characters. */
export const lengthLimits = {
  /** `escname`: image, flavor, volume and most other names, references to VIM objects included. */
  name: { min: 1, max: 256 },
  /**
   * An `escname` the manager owns and addresses by (tenant, deployment, vm_group, KPI event): the
   * same length, and `ownNameCharacterProblem` besides (a `/` could never be addressed in a path).
   */
  ownName: { min: 1, max: 256 },
  /** `escnetname` / `escfilepath`: network references and file locations. */
  netname: { min: 1, max: 1024 },
  /** `escdescription`. */
  description: { min: 0, max: 8192 },
  /** `escbigdata`: inline day-0 data. */
  bigdata: { min: 0, max: 16384 },
} as const;
export type LengthKind = keyof typeof lengthLimits;

/** Enumerations ESC validates, canonical spelling first-class (matching is case-insensitive at the edge). */
export const escEnums = {
  metricCond: ['GT', 'LT', 'EQ', 'GE', 'LE'],
  metricType: ['INT8', 'INT16', 'INT32', 'UINT8', 'UINT16', 'UINT32', 'FLOAT', 'DOUBLE', 'STRING'],
  pollingUnit: ['seconds', 'minutes'],
  sizeUnit: ['MiB', 'GiB', 'TiB', 'PiB', 'EiB'],
  bus: ['ide', 'scsi', 'virtio'],
  placementType: ['affinity', 'anti_affinity', 'zone_host'],
  /** YANG names `strict`; `loose` is commented out there but accepted by later releases [I]. */
  enforcement: ['strict', 'loose'],
  actionOnRecovery: ['REBOOT_ONLY', 'REBOOT_THEN_REDEPLOY', 'REDEPLOY_ONLY'],
  recoveryType: ['AUTO', 'MANUAL'],
  ipVersion: ['ipv4', 'ipv6'],
} as const;
export type EscEnum = keyof typeof escEnums;

/** The problem of `value` for its kind (its length; for `ownName` its characters too), or undefined when it fits. */
export function textViolation(value: string, kind: LengthKind): string | undefined {
  const { min, max } = lengthLimits[kind];
  const length = [...value].length;
  if (length < min || length > max) return `must be ${min}..${max} characters (got ${length})`;
  return kind === 'ownName' ? ownNameCharacterProblem(value) : undefined;
}

/**
 * Names the manager owns carry no control character (C0, DEL, C1: they corrupt logs and the VIM's
 * names) and no `/` (the name is a REST path segment); references to VIM objects keep only their length.
 */
export function ownNameCharacterProblem(value: string): string | undefined {
  const bad = /[\u0000-\u001f\u007f-\u009f/]/u.exec(value)?.[0];
  if (bad === undefined) return undefined;
  return bad === '/' ? 'must not contain /' : controlCharacterText(bad);
}

/**
 * Any text that names something the manager keeps (a REST path segment too): a control character
 * can never be part of such a name, and echoed back it would corrupt a log line or an XML answer.
 */
export function controlCharacterProblem(value: string): string | undefined {
  const bad = /[\u0000-\u001f\u007f-\u009f]/u.exec(value)?.[0];
  return bad === undefined ? undefined : controlCharacterText(bad);
}

function controlCharacterText(bad: string): string {
  return `must not contain control character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Keystone's limit on a project name: a tenant that maps to a project is refused above it. */
export const keystoneProjectNameMax = 64;

/** Why a tenant that maps to a Keystone project cannot be named `name`, or undefined. */
export function keystoneProjectNameProblem(name: string): string | undefined {
  const length = [...name].length;
  return length > keystoneProjectNameMax ? `has ${length} characters; a tenant mapped to a VIM project has at most ${keystoneProjectNameMax} (Keystone's limit)` : undefined;
}

/** COMP-4: a group never asks for more minimum VMs than its maximum. */
export function isMinWithinMax(min: number, max: number): boolean {
  return min <= max;
}

/**
 * Interface nicids must run 0, 1, 2… in document order (YANG `must`: 0 or previous+1). Returns the
 * index of the first nicid that breaks the sequence, or -1.
 */
export function nicidSequenceBreak(nicids: readonly number[]): number {
  return nicids.findIndex((nicid, i) => nicid !== i);
}

/** The first value that occurs twice, or undefined: list keys (group names, event names…) are unique. */
export function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/**
 * COMP-1: startup dependencies must not form a cycle. `edges` maps a group to the groups it waits
 * for; returns one cycle as a path that starts and ends at the same group, or undefined.
 */
export function findDependencyCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const at = onPath.indexOf(node);
    if (at >= 0) return [...onPath.slice(at), node];
    if (done.has(node)) return undefined;
    onPath.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * The bounds on a deployment's size (issue 13), each named by the setting that holds it, so a
 * refusal names the setting to change. 0 means no bound. `limits.deployment.vms.max` bounds the
 * sum of `max_active`, so neither an update nor a scale-out (which stays within max_active) can
 * pass it.
 */
export const deploymentBoundSettings = [
  'limits.deployment.vms.max',
  'limits.deployment.groups.max',
  'limits.vm.interfaces.max',
  'limits.vm.volumes.max',
] as const;
export type DeploymentBounds = Record<(typeof deploymentBoundSettings)[number], number>;

/** A bound passed: what (`deployment [d] VMs (sum of max_active)`), by how much, and the setting. */
export interface BoundProblem {
  subject: string;
  got: number;
  max: number;
  setting: string;
}

interface SizedGroup {
  name: string;
  scaling: { maxActive: number };
  interfaces: readonly unknown[];
  volumes: readonly unknown[];
}

/** The first bound `deployment` passes, or undefined. */
export function deploymentBoundProblem(deployment: { name: string; vmGroups: readonly SizedGroup[] }, bounds: DeploymentBounds): BoundProblem | undefined {
  const of = `deployment [${deployment.name}]`;
  const checks: [subject: string, got: number, setting: keyof DeploymentBounds][] = [
    [`${of} vm_groups`, deployment.vmGroups.length, 'limits.deployment.groups.max'],
    [`${of} VMs (the sum of max_active)`, deployment.vmGroups.reduce((sum, g) => sum + g.scaling.maxActive, 0), 'limits.deployment.vms.max'],
    ...deployment.vmGroups.flatMap((g): [string, number, keyof DeploymentBounds][] => [
      [`vm_group [${g.name}] interfaces`, g.interfaces.length, 'limits.vm.interfaces.max'],
      [`vm_group [${g.name}] volumes`, g.volumes.length, 'limits.vm.volumes.max'],
    ]),
  ];
  for (const [subject, got, setting] of checks) {
    const problem = boundProblem(subject, got, bounds[setting], setting);
    if (problem) return problem;
  }
  return undefined;
}

/** `got` against one bound (`max` 0: no bound). */
export function boundProblem(subject: string, got: number, max: number, setting: string): BoundProblem | undefined {
  return max > 0 && got > max ? { subject, got, max, setting } : undefined;
}
