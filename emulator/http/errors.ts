/**
 * Error bodies in each service's own shape (spec §6): Keystone (and keystonemiddleware's 401 in
 * every service but Glance) `{"error": {code, title, message}}`; Nova and Cinder
 * `{"<name>": {code, message}}` with the name chosen by status; Neutron
 * `{"NeutronError": {type, message, detail}}`; Glance JSON only when asked, else HTML.
 */
import { STATUS_CODES } from 'node:http';
import type { ApiError, EmuReply, EmuRequest, ServiceName } from './types.ts';

const NOVA_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

const NEUTRON_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  503: 'HTTPServiceUnavailable',
};

function title(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function renderError(service: ServiceName, err: ApiError, req: EmuRequest): EmuReply {
  const { status, message } = err;
  const headers = { ...err.headers };
  if (status === 401 && service !== 'admin') {
    headers['WWW-Authenticate'] = `Keystone uri="${req.baseUrl}/identity/v3"`;
    if (service !== 'image') return { status, headers, body: keystoneBody(status, message) };
  }
  switch (service) {
    case 'identity':
      return { status, headers, body: keystoneBody(status, message) };
    case 'compute':
    case 'volume':
      return { status, headers, body: { [err.kind ?? NOVA_NAMES[status] ?? 'computeFault']: { code: status, message } } };
    case 'network':
      return {
        status,
        headers,
        body: { NeutronError: { type: err.kind ?? NEUTRON_TYPES[status] ?? 'HTTPInternalServerError', message, detail: '' } },
      };
    case 'image':
      return glanceError(status, message, headers, req);
    case 'admin':
      return { status, headers, body: { error: message } };
  }
}

function keystoneBody(status: number, message: string): unknown {
  return { error: { code: status, message, title: title(status) } };
}

function glanceError(status: number, message: string, headers: Record<string, string>, req: EmuRequest): EmuReply {
  const line = `${status} ${title(status)}`;
  if (String(req.headers.accept ?? '').includes('application/json')) {
    return { status, headers, body: { code: line, title: title(status), message } };
  }
  const html = `<html>\n <head>\n  <title>${line}</title>\n </head>\n <body>\n  <h1>${line}</h1>\n  ${message}<br /><br />\n\n\n\n </body>\n</html>`;
  return { status, headers, raw: html, contentType: 'text/html; charset=UTF-8' };
}
