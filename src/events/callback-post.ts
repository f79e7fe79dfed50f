/**
 * How the callback outbox sends one message (issue 14): undici's `request`, not `fetch`, so no
 * WHATWG Request, Response and Headers are built per callback (with `fetch`, undici took 3.5 % of a
 * deploy's CPU). The answer is the status line: the body is read off (up to undici's dump limit,
 * past which the connection is closed) and dropped, whatever it holds. `request` follows no
 * redirect, as `fetch` with `redirect: 'manual'` did not: a 3xx is the answer.
 */
import { STATUS_CODES } from 'node:http';
import { request, type Dispatcher } from 'undici';

/** The receiver's answer to a callback. */
export interface CallbackAnswer {
  status: number;
  /** The status code's standard reason phrase (empty for a code without one). */
  statusText: string;
}

export interface CallbackRequest {
  headers: Record<string, string>;
  body: string;
  /** Ends the attempt: before the response headers, it rejects with the signal's reason. */
  signal: AbortSignal;
}

/** POSTs one callback; rejects when no answer comes (refused, reset, egress refusal, aborted). */
export type CallbackPost = (url: string, req: CallbackRequest) => Promise<CallbackAnswer>;

/** A `CallbackPost` through `dispatcher` (default: undici's global one). */
export function callbackPost(dispatcher?: Dispatcher): CallbackPost {
  return async (url, req) => {
    const res = await request(url, { method: 'POST', headers: req.headers, body: req.body, signal: req.signal, dispatcher });
    // Resolves once the body is read or dropped, on error too: the status is the outcome.
    await res.body.dump();
    return { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '' };
  };
}
