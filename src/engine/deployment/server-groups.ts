/**
 * Nova server groups for a deployment's placement policies (COMP-1, `domain/placement.ts`):
 * created before its VMs, each as a tagged create (its name is the tag: Nova keeps nothing else
 * on a group) recorded in a step and on the deployment record; deleted on undeploy after the VMs,
 * by the recorded id or, for one a crash left unrecorded, by its tag. A VM built later (recovery,
 * scale-out, an update's new group) finds its group here, made then if the deployment has none yet.
 */
import type { ServerGroupPlan } from '../../domain/placement.ts';
import { serverGroupPlans } from '../../domain/placement.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import type { EngineDeps } from './deps.ts';
import { saveDeployment, type Target } from './target.ts';

const tagOf = (t: Target, key: string): string => `${t.deployment.id}:server-group:${key}`.slice(0, 255);

/** Parallel VMs of one group of a run wait on the same create. */
const inFlight = new WeakMap<StepContext, Map<string, Promise<string>>>();

/** The id of the server group `plan` stands for, made (once) when the deployment has none yet. */
export function serverGroupFor(ctx: StepContext, t: Target, plan: ServerGroupPlan): Promise<string> {
  const recorded = t.deployment.serverGroups?.find((g) => g.key === plan.key);
  if (recorded) return Promise.resolve(recorded.serverGroupId);
  const runs = inFlight.get(ctx) ?? new Map<string, Promise<string>>();
  inFlight.set(ctx, runs);
  let made = runs.get(plan.key);
  if (!made) {
    const tag = tagOf(t, plan.key);
    made = ctx.step(`server-group:${plan.key}`, async () =>
      (await createTagged(ctx, {
        create: () => t.vim.createServerGroup(t.scope, { name: tag, policy: plan.policy }),
        lookup: () => t.vim.listServerGroups(t.scope, { tag }),
        remove: (extra) => t.vim.deleteServerGroup(t.scope, extra.id),
      })).id,
    ).then((serverGroupId) => {
      if (!t.deployment.serverGroups?.some((g) => g.key === plan.key)) (t.deployment.serverGroups ??= []).push({ key: plan.key, serverGroupId });
      return serverGroupId;
    });
    runs.set(plan.key, made);
  }
  return made;
}

/** Makes and records every server group the deployment's placement asks for. */
export async function createServerGroups(ctx: StepContext, deps: EngineDeps, t: Target): Promise<void> {
  for (const plan of serverGroupPlans(t.deployment.spec)) {
    await serverGroupFor(ctx, t, plan);
    await saveDeployment(deps, t);
  }
}

/** Deletes the deployment's server groups: recorded ones by id, any other its placement names by tag. */
export async function deleteServerGroups(ctx: StepContext, deps: EngineDeps, t: Target): Promise<void> {
  const recorded = t.deployment.serverGroups ?? [];
  const keys = new Set([...recorded.map((g) => g.key), ...serverGroupPlans(t.deployment.spec).map((p) => p.key)]);
  for (const key of keys) {
    await ctx.step(`server-group-delete:${key}`, async () => {
      const id = recorded.find((g) => g.key === key)?.serverGroupId;
      const ids = id ? [id] : (await t.vim.listServerGroups(t.scope, { tag: tagOf(t, key) })).map((g) => g.id);
      for (const each of ids) await ignoreNotFound(() => t.vim.deleteServerGroup(t.scope, each));
      return null;
    });
  }
  if (recorded.length === 0) return;
  t.deployment.serverGroups = [];
  await saveDeployment(deps, t);
}
