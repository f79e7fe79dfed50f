/**
 * The two optional callback headers of an asynchronous request (esc-interface.md §1.1, SNAP-2):
 * `callback` names the URL that receives the completion callback, `Callback-ESC-Events` the URL
 * that receives every event of the operation. Without them nothing is called back. A value that is
 * not an absolute http(s) URL is refused (400) before the engine is called, so a typo is reported
 * now rather than as a silently undeliverable callback later. A URL whose host is a literal address
 * the egress rule refuses (`domain/egress.ts`: link-local, metadata, outside `egress.allowed.networks`)
 * is refused the same way; a host name is judged when the outbox resolves it, just before sending.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { egressRefusal, literalAddress } from '../../domain/egress.ts';
import { errors } from '../../domain/errors.ts';
import type { NotifyTargets } from '../../domain/operation.ts';
import type { Format } from './content.ts';

export const callbackHeaders = { completion: 'callback', events: 'Callback-ESC-Events' } as const;
/** Each callback header's name and the key Node files it under; looked up on every request (issue 14). */
const callbackHeaderKeys = Object.values(callbackHeaders).map((name) => [name, name.toLowerCase()] as const);

export function notifyTargets(headers: IncomingHttpHeaders, format: Format): NotifyTargets {
  const targets: NotifyTargets = { format };
  const completionUrl = callbackUrl(headers, callbackHeaders.completion);
  const eventsUrl = callbackUrl(headers, callbackHeaders.events);
  if (completionUrl !== undefined) targets.completionUrl = completionUrl;
  if (eventsUrl !== undefined) targets.eventsUrl = eventsUrl;
  return targets;
}

function callbackUrl(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name.toLowerCase()];
  if (raw === undefined) return undefined;
  const text = [raw].flat().join(', ').trim();
  if (/\s/.test(text)) throw errors.callbackHeaderNotOneUrl(name, text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw errors.callbackHeaderNotAbsolute(name, text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw errors.callbackHeaderNotHttp(name, url.protocol);
  }
  return text;
}

/**
 * Issue 13: a callback header naming a literal address the egress rule refuses is 400 naming the
 * header. Values that are not URLs are left for `notifyTargets`, which names their problem.
 */
export function checkCallbackEgress(headers: IncomingHttpHeaders, allowedNetworks: string): void {
  for (const [name, key] of callbackHeaderKeys) {
    const raw = headers[key];
    if (raw === undefined) continue;
    const url = URL.parse([raw].flat().join(', ').trim());
    const address = url && literalAddress(url.hostname);
    const refusal = address && egressRefusal(address, allowedNetworks);
    if (refusal) throw errors.callbackHeaderEgressRefused(name, refusal);
  }
}
