/**
 * Creates on the VIM without ever making a resource twice (house rule 7). Every create carries a
 * tag (our id of the resource). If an earlier run of this operation may have sent the create (a
 * resumed operation) or the VIM's answer leaves it in doubt (timeout, reset, 5xx), the resource is
 * looked up by its tag first; only when it is not there is the create (re)sent.
 */
import { isVimError } from '../vim/errors.ts';
import type { StepContext } from './step-context.ts';

export async function createTagged<T>(ctx: StepContext, call: { create: () => Promise<T>; lookup: () => Promise<T | undefined> }): Promise<T> {
  if (ctx.op.resumes > 0) {
    const found = await call.lookup();
    if (found) return found;
  }
  try {
    return await call.create();
  } catch (err) {
    if (!isVimError(err) || err.kind !== 'in-doubt') throw err;
    const found = await call.lookup();
    if (found) return found;
    return call.create();
  }
}
