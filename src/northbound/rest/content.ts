/**
 * Content negotiation. ESC speaks XML by default and JSON on request (esc-interface.md §1.1):
 * the request format follows Content-Type (an absent one is sniffed from the first significant
 * character), the response format follows Accept, XML unless JSON is preferred.
 */
import type { FastifyRequest } from 'fastify';
import type { Format } from '../../datamodel/document.ts';
import { errors } from '../../domain/errors.ts';
import type { XmlNode } from '../../xml/parse.ts';

export type { Format };

export const mediaTypeOf: Record<Format, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const formatOfMediaType: Readonly<Record<string, Format>> = {
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/json': 'json',
};

/** The format of a body with no Content-Type: `{` or `[` is JSON, anything else XML. */
export function sniffFormat(body: string): Format {
  const first = body.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'xml';
}

export function requestFormat(contentType: string | undefined, body: string): Format {
  if (contentType === undefined) return sniffFormat(body);
  return formatOfMediaType[mediaTypeIn(contentType)] ?? sniffFormat(body);
}

/**
 * The response format from an Accept header: the XML or JSON media type with the highest q wins,
 * the earlier on a tie; `*\/*`, absence or neither listed → XML.
 */
export function responseFormat(accept: string | undefined): Format {
  let best: { format: Format; q: number } | undefined;
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';');
    const format = formatOfMediaType[type.trim().toLowerCase()];
    if (format === undefined) continue;
    const q = qualityOf(params);
    if (q > 0 && (best === undefined || q > best.q)) best = { format, q };
  }
  return best?.format ?? 'xml';
}

/** An XML body's tree, parsed once by the body parser's shape check (`xml-body.ts`). */
export const parsedXmlBodies = new WeakMap<FastifyRequest, XmlNode>();

export interface RequestBody {
  text: string;
  format: Format;
  /** The XML document already parsed from `text`, when it is one. */
  tree?: XmlNode;
}

/** The request's body (possibly empty) and its format. */
export function requestBody(request: FastifyRequest): RequestBody {
  const text = typeof request.body === 'string' ? request.body : '';
  return { text, format: requestFormat(request.headers['content-type'], text), tree: parsedXmlBodies.get(request) };
}

/** As `requestBody`, but a missing or blank body is INVALID_INPUT naming what was `expected`. */
export function requiredBody(request: FastifyRequest, expected: string): RequestBody {
  const body = requestBody(request);
  if (body.text.trim() === '') throw errors.requestBodyEmpty(expected);
  return body;
}

function mediaTypeIn(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function qualityOf(params: string[]): number {
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() === 'q') {
      const q = Number(value.trim());
      return Number.isFinite(q) ? q : 0;
    }
  }
  return 1;
}
