/**
 * The port a day-0 template given as an http(s) `file` URL is fetched through (issue 12 item 7):
 * the engine knows no HTTP, so the composition root hands it one that goes through the egress rule
 * (`events/bounded-get.ts` over `events/egress-fetch.ts`, the fetch callbacks are sent with).
 * It resolves with the template's text, or rejects with an error whose message is the reason
 * (an HTTP status, the size bound, the timeout, an egress refusal); the caller names the URL.
 */
export type Day0Fetch = (url: string, o: { maxBytes: number; timeoutMs: number; signal?: AbortSignal }) => Promise<string>;
