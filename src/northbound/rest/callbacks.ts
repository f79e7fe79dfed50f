/**
 * The two optional callback headers of an asynchronous request (esc-interface.md §1.1, SNAP-2):
 * `callback` names the URL that receives the completion callback, `Callback-ESC-Events` the URL
 * that receives every event of the operation. Without them nothing is called back. A value that is
 * not an absolute http(s) URL is refused (400) before the engine is called, so a typo is reported
 * now rather than as a silently undeliverable callback later.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from '../../domain/errors.ts';
import type { NotifyTargets } from '../../domain/operation.ts';
import type { Format } from './content.ts';

export const callbackHeaders = { completion: 'callback', events: 'Callback-ESC-Events' } as const;

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
