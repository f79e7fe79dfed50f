/**
 * What a service update is planned from (COMP-2; issue 12, retrying a failed update) [I]. ESC users
 * retry by sending the request again; planned only from the deployment's spec, which already is the
 * failed request, the retry would find nothing to do.
 *
 * The deployment's `spec` is the one last requested (read back, used by redeploys). While an update
 * has not succeeded, `lastAppliedSpec` keeps the spec applied in full before it, and the next update
 * is planned from both (`planUpdate`): from the applied one, so what did not land is done again;
 * from the requested one, so what landed and is no longer wanted is undone. The steps find what
 * already is, so re-sending the request retries exactly what is missing. The applied spec is
 * forgotten once an update planned from it succeeds; a failed one keeps it.
 */
import type { DeploymentSpec } from './deployment-spec.ts';
import type { Deployment } from './entities.ts';

type Specs = Pick<Deployment, 'spec' | 'lastAppliedSpec'>;

/** The specs the next update is planned from: the last applied, and the last requested while it is not applied. */
export function updateBases(d: Specs): { applied: DeploymentSpec; requested?: DeploymentSpec } {
  return d.lastAppliedSpec ? { applied: d.lastAppliedSpec, requested: d.spec } : { applied: d.spec };
}

/** The deployment's specs once an update to `requested` is accepted: the applied one kept until an update succeeds. */
export function specsOnUpdate(d: Specs, requested: DeploymentSpec): Specs {
  return { spec: requested, lastAppliedSpec: updateBases(d).applied };
}

/** The deployment's specs once an update succeeded: what it requested is applied. */
export function specsOnUpdated(d: Specs): Specs {
  return { spec: d.spec, lastAppliedSpec: undefined };
}
