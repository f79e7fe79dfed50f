/**
 * VIM failures sorted by what a caller may do next (style guide §3):
 * - `final`: the VIM refused (4xx other than 408/429); retrying cannot help.
 * - `not-done`: the VIM did not act (429, 503, connection refused); safe to retry.
 * - `in-doubt`: the call may have taken effect (timeout or reset after sending, other 5xx);
 *   look the resource up by its tag before retrying a create.
 * `message` is the VIM's own words, prefixed by the service ("OpenStack Nova: ...").
 */
export type VimErrorKind = 'final' | 'not-done' | 'in-doubt';

export class VimError extends Error {
  readonly kind: VimErrorKind;
  readonly status?: number;
  readonly method?: string;
  readonly url?: string;
  constructor(
    message: string,
    details: { kind: VimErrorKind; status?: number; method?: string; url?: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'VimError';
    this.kind = details.kind;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
  }
}

export function isVimError(err: unknown): err is VimError {
  return err instanceof VimError;
}

/** True for a 404 from the VIM: the resource is gone (a delete that finds nothing has succeeded). */
export function isVimNotFound(err: unknown): boolean {
  return err instanceof VimError && err.status === 404;
}

/** Runs a delete; a 404 means it is already gone, which is what the caller wanted. */
export async function ignoreNotFound(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!isVimNotFound(err)) throw err;
  }
}
