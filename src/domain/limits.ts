/**
 * ESC's value limits and enumerations (esc-interface.md §2.3–2.5, from esc_types.yang) and the pure
 * structural rules a deployment must satisfy (IMPL-1, COMP-1, COMP-4). Each rule is a small
 * predicate or finder returning what is wrong, so the datamodel parser can name the element in its
 * message and the engine can re-check an update with the same rules; nothing here throws or knows
 * a wire format.
 */

/** Length bounds of ESC's string types, in characters. */
export const lengthLimits = {
  /** `escname`: tenant, deployment, group, image, flavor, KPI and most other names. */
  name: { min: 1, max: 256 },
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

/** The length problem of `value` for its kind, or undefined when it fits. */
export function lengthViolation(value: string, kind: LengthKind): string | undefined {
  const { min, max } = lengthLimits[kind];
  const length = [...value].length;
  if (length < min || length > max) return `must be ${min}..${max} characters (got ${length})`;
  return undefined;
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
