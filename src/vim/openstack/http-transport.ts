/**
 * @module One HTTP exchange with an OpenStack service, under a timeout, with the declared retry
 * policy (house rule 6). Used by Keystone auth and by every `ServiceClient`; nothing else in
 * `openstack/` retries.
 *
 * Failures become `VimError`s sorted by kind: a connection that never opened is `not-done`; a
 * timeout or a reset after sending is `in-doubt`; a status outside the call's `ok` list is sorted
 * by `kindOfStatus`. Only what `mayRetry` allows is replayed, after `retryDelayMs` on `clock`.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../time/clock.ts';
import { VimError, type VimErrorKind } from '../errors.ts';
import { checkSendGuard } from '../send-guard.ts';
import { openStackErrorText, serviceNames, type ServiceKind } from './error-message.ts';
import type { HttpExchange } from './http-exchange.ts';
import type { InFlightGate } from './in-flight-gate.ts';
import { kindOfStatus, mayRetry, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface Transport {
  exchange: HttpExchange;
  clock: Clock;
  policy: RetryPolicy;
  timeoutMs: number;
  /** The connector's bound on requests in flight (issue 14); every exchange passes it. */
  gate: InFlightGate;
  log?: Logger;
}

export interface HttpRequest {
  service: ServiceKind;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Accepted statuses; any other is an error. */
  ok: readonly number[];
  /** May be replayed when in doubt (GET, PUT, DELETE, actions). Creating POSTs are not. */
  idempotent: boolean;
  /** Return the body as a stream (the timeout then covers only the response headers). */
  stream?: boolean;
}

export interface HttpResponse {
  status: number;
  /** A response header by name, any case; null when absent. */
  header(name: string): string | null;
  /** The body text; empty for streamed responses. */
  text: string;
  stream?: ReadableStream<Uint8Array>;
}

/** Connection errors raised before any byte of the request left (undici / libuv codes). */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export async function send(t: Transport, req: HttpRequest): Promise<HttpResponse> {
  for (let retry = 0; ; retry++) {
    const outcome = await t.gate.run(() => {
      // Keystone's token calls are shared by every run of the connector: no one run's guard refuses them.
      if (req.service !== 'identity') checkSendGuard();
      return attempt(t, req);
    });
    if ('response' in outcome) return outcome.response;
    const { error } = outcome;
    if (retry >= t.policy.maxRetries || !mayRetry(error.kind, req.idempotent)) throw error;
    const delay = retryDelayMs(t.policy, retry, outcome.retryAfterMs);
    t.log?.warn({ method: req.method, url: req.url, kind: error.kind, status: error.status, delay }, 'VIM call failed, retrying');
    await t.clock.sleep(delay);
  }
}

type Outcome = { response: HttpResponse } | { error: VimError; retryAfterMs?: number };

async function attempt(t: Transport, req: HttpRequest): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), t.timeoutMs);
  try {
    const res = await t.exchange({ method: req.method, url: req.url, headers: req.headers, body: req.body, signal: controller.signal });
    if (req.ok.includes(res.status)) {
      if (req.stream) return { response: { status: res.status, header: res.header, text: '', stream: res.stream() } };
      return { response: { status: res.status, header: res.header, text: await res.text() } };
    }
    const body = await res.text();
    const error = new VimError(openStackErrorText(req.service, res.status, body), {
      kind: kindOfStatus(res.status),
      status: res.status,
      method: req.method,
      url: req.url,
    });
    return { error, retryAfterMs: parseRetryAfter(res.header('retry-after'), t.clock.now()) };
  } catch (cause) {
    return { error: networkError(t, req, cause, controller.signal.aborted) };
  } finally {
    clearTimeout(timer);
  }
}

function networkError(t: Transport, req: HttpRequest, cause: unknown, timedOut: boolean): VimError {
  const code = errorCode(cause);
  const kind: VimErrorKind = !timedOut && code !== undefined && neverSentCodes.has(code) ? 'not-done' : 'in-doubt';
  const what = timedOut ? `timed out after ${t.timeoutMs} ms` : `failed: ${code ?? (cause instanceof Error ? cause.message : String(cause))}`;
  return new VimError(`OpenStack ${serviceNames[req.service]}: ${req.method} ${req.url} ${what}`, { kind, method: req.method, url: req.url }, { cause });
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
