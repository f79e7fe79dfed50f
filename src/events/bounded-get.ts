/**
 * A GET of a small text document through a given `fetch` — the egress-checked one
 * (`egress-fetch.ts`), so every address is judged by the egress rule and redirects are answers,
 * not followed — within a time bound and a size bound (issue 12 item 7: the engine's day-0 fetch
 * port, `engine/deployment/day0-fetch.ts`, is this over the callbacks' fetch). Only a 200 whose
 * body is UTF-8 text counts; any other outcome rejects with a reason a message can carry as it is.
 */
import { messageOf } from '../domain/errors.ts';

export interface BoundedGetOptions {
  /** 0: no bound. */
  maxBytes: number;
  timeoutMs: number;
  /** Ends the wait early (an operation cancelled). */
  signal?: AbortSignal;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function boundedGet(fetch: typeof globalThis.fetch, url: string, o: BoundedGetOptions): Promise<string> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
  try {
    const res = await fetch(url, { signal });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : ''}`);
    }
    return decode(await readAtMost(res, o.maxBytes));
  } catch (err) {
    if (timeout.aborted) throw new Error(`no complete answer within ${o.timeoutMs / 1000} s (setting day0.fetch.timeout.secs)`, { cause: err });
    throw err instanceof TypeError && err.cause !== undefined ? new Error(messageOf(err.cause), { cause: err }) : err;
  }
}

/** The body, refused as soon as it passes `maxBytes` (by its Content-Length, or as it streams in). */
async function readAtMost(res: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new Error(`larger than ${maxBytes} bytes (setting limits.day0.bytes.max)`);
  if (maxBytes > 0 && Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (maxBytes > 0 && size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Error('the answer is not UTF-8 text');
  }
}
