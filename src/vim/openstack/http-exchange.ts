/**
 * @module One HTTP request and its answer, as small as `http-transport.ts` needs: a status, a
 * header look-up, the body as text or as a stream. WHATWG `fetch` is one way to make an exchange
 * (`fetchExchange`, the real driver's default); the emulator's in-process door is another, which
 * builds no `Request`/`Response` pair per call (issue 14: their construction was a tenth of the
 * CPU of a deploy over the in-process emulator).
 */

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the exchange (the transport's timeout). */
  signal: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  /** A response header by name, any case; null when absent (as `Headers.get`). */
  header(name: string): string | null;
  /** The whole body as UTF-8 text. */
  text(): Promise<string>;
  /** The body as a stream (image data); read either this or `text()`, once. */
  stream(): ReadableStream<Uint8Array>;
}

export type HttpExchange = (req: ExchangeRequest) => Promise<ExchangeResponse>;

/** An exchange over a `fetch` function (the global one by default, or a test's). */
export function fetchExchange(send: typeof fetch = globalThis.fetch): HttpExchange {
  return async (req) => {
    const res = await send(req.url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal });
    return {
      status: res.status,
      header: (name) => res.headers.get(name),
      text: () => res.text(),
      stream: () => res.body ?? emptyStream(),
    };
  };
}

export function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.close() });
}
