/**
 * Creates on the VIM without ever making a resource twice (house rule 7). Every create carries a
 * tag (our id of the resource). When an earlier attempt may have reached the VIM — a resumed
 * operation, or an answer left in doubt (timeout, reset, 5xx) — the resource is looked up by its
 * tag before the create is sent again; and a refusal after such an attempt is checked the same
 * way, since it may be the earlier create landing late (e.g. "port in use" by its own server).
 *
 * A lookup may find more than one under the tag: with several managers (issue 15), one that lost
 * its lease while its create was in flight may have made one beside the new owner's. The first
 * found is kept and the others are removed before the run goes on. A removal the VIM refuses (a
 * duplicate still being built) does not fail the step: the undeploy's teardown removes whatever
 * carries the VM's tags.
 */
import { isVimError } from '../../vim/errors.ts';
import type { StepContext } from './step-context.ts';

const maxAttempts = 3;

export interface TaggedCall<T> {
  create: () => Promise<T>;
  /** Everything the VIM holds under the tag. */
  lookup: () => Promise<T[]>;
  /** Removes one found beside the kept one; absent where a second cannot exist (an attach). */
  remove?: (extra: T) => Promise<void>;
}

export async function createTagged<T>(ctx: StepContext, call: TaggedCall<T>): Promise<T> {
  let mayExist = ctx.op.resumes > 0;
  for (let attempt = 1; ; attempt++) {
    if (mayExist) {
      const found = await lookupOne(call);
      if (found) return found;
    }
    try {
      return await call.create();
    } catch (err) {
      const inDoubt = isVimError(err) && err.kind === 'in-doubt';
      if (!inDoubt && mayExist) {
        const found = await lookupOne(call);
        if (found) return found;
      }
      if (!inDoubt || attempt >= maxAttempts) throw err;
      mayExist = true;
    }
  }
}

/** The first found under the tag, the others removed as far as the VIM lets us now. */
async function lookupOne<T>(call: TaggedCall<T>): Promise<T | undefined> {
  const [kept, ...extra] = await call.lookup();
  for (const duplicate of extra) await call.remove?.(duplicate).catch(() => undefined);
  return kept;
}
