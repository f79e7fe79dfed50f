/**
 * Creates on the VIM without ever making a resource twice (house rule 7). Every create carries a
 * tag (our id of the resource). When an earlier attempt may have reached the VIM — a resumed
 * operation, or an answer left in doubt (timeout, reset, 5xx) — the resource is looked up by its
 * tag before the create is sent again; and a refusal after such an attempt is checked the same
 * way, since it may be the earlier create landing late (e.g. "port in use" by its own server).
 */
import { isVimError } from '../../vim/errors.ts';
import type { StepContext } from './step-context.ts';

const maxAttempts = 3;

export async function createTagged<T>(ctx: StepContext, call: { create: () => Promise<T>; lookup: () => Promise<T | undefined> }): Promise<T> {
  let mayExist = ctx.op.resumes > 0;
  for (let attempt = 1; ; attempt++) {
    if (mayExist) {
      const found = await call.lookup();
      if (found) return found;
    }
    try {
      return await call.create();
    } catch (err) {
      const inDoubt = isVimError(err) && err.kind === 'in-doubt';
      if (!inDoubt && mayExist) {
        const found = await call.lookup();
        if (found) return found;
      }
      if (!inDoubt || attempt >= maxAttempts) throw err;
      mayExist = true;
    }
  }
}
