/**
 * @module OpenStack error bodies → one readable line, prefixed by the service ("OpenStack Nova: …").
 *
 * Each service wraps its message differently (openstack-api.md §6): Nova and Cinder
 * `{"<fault name>": {"code", "message"}}`, Neutron `{"NeutronError": {"message"}}`, Keystone
 * `{"error": {"message"}}`, Glance `{"message"}` or an HTML page. The user reads OpenStack's own
 * words in FAILURE notifications (SNAP-6), never a bare "HTTP 409".
 */

export const serviceNames = {
  identity: 'Keystone',
  compute: 'Nova',
  image: 'Glance',
  volume: 'Cinder',
  network: 'Neutron',
} as const;
export type ServiceKind = keyof typeof serviceNames;

/** The message inside an OpenStack error body, or undefined when there is none to find. */
export function extractOpenStackMessage(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return htmlText(text);
  }
  return messageIn(parsed);
}

function messageIn(value: unknown): string | undefined {
  if (!isObject(value)) return typeof value === 'string' && value ? value : undefined;
  if (typeof value.message === 'string') return withDetail(value.message, value.detail);
  if (typeof value.description === 'string') return value.description;
  for (const inner of Object.values(value)) {
    if (isObject(inner) && typeof inner.message === 'string') return withDetail(inner.message, inner.detail);
  }
  return undefined;
}

function withDetail(message: string, detail: unknown): string {
  return typeof detail === 'string' && detail && !message.includes(detail) ? `${message} (${detail})` : message;
}

function htmlText(html: string): string | undefined {
  const text = html
    .replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "OpenStack Nova: <message>", falling back to the HTTP status when the body says nothing. */
export function openStackErrorText(service: ServiceKind, status: number, body: string): string {
  const message = extractOpenStackMessage(body) ?? `HTTP ${status}`;
  return `OpenStack ${serviceNames[service]}: ${message}`;
}
