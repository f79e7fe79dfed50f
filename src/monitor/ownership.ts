/**
 * Which manager watches a deployment when several share a database (issue 15): the live instance
 * with the highest hash of (instance, deployment) — rendezvous hashing. Every manager computes the
 * same answer from the same list of live instances, without asking anyone; when an instance joins
 * or dies only the deployments it wins or held move, each to one other instance, and the others
 * stay where they are (a manager's death does not reshuffle what the survivors watch).
 */
import { createHash } from 'node:crypto';

/** The instance of `instances` that watches `deploymentId`; undefined when there is none. */
export function watcherOf(deploymentId: string, instances: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const id of instances) {
    const s = score(id, deploymentId);
    // Ties (a 48-bit collision) go to the smaller id, so the answer does not depend on the list's order.
    if (s > bestScore || (s === bestScore && id < best!)) {
      best = id;
      bestScore = s;
    }
  }
  return best;
}

/** 48 bits of SHA-256: spread evenly whatever the ids look like (uuids differ in a few characters). */
function score(instanceId: string, deploymentId: string): number {
  return createHash('sha256').update(instanceId).update('\0').update(deploymentId).digest().readUIntBE(0, 6);
}
