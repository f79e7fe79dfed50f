/**
 * The emulator's own request/reply shapes. Handlers are plain functions from a request context to a
 * reply (or a thrown `ApiError`), so each service renders its errors in OpenStack's own shape in
 * one place (`http/errors.ts`) and the server loop can apply faults, latency and persistence
 * around every route uniformly.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The services on the one port, by path prefix; `admin` is the emulator's own control plane. */
export type ServiceName = 'identity' | 'compute' | 'image' | 'volume' | 'network' | 'admin';

export interface EmuRequest {
  method: string;
  /** Path below the service prefix, without a trailing slash ('' for the root). */
  path: string;
  /** Full request path as received (for fault matching). */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for none / non-JSON. */
  body: unknown;
  raw: Buffer;
  params: Record<string, string>;
  /** `http://host:port` as the client addressed us (pitfall 2a: never 0.0.0.0). */
  baseUrl: string;
}

export interface EmuReply {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  body?: unknown;
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * An OpenStack error: `status` plus the service-specific name (Neutron `type`, e.g. `PortNotFound`);
 * Nova/Cinder derive their body key from the status unless `kind` is given.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly kind: string | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(status: number, message: string, opts: { kind?: string; headers?: Record<string, string> } = {}) {
    // An answer in OpenStack's words, not a fault of the emulator: no stack to capture (issue 14:
    // capturing it was most of the cost of the 404s clients ask for on purpose).
    const depth = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = depth;
    this.name = 'ApiError';
    this.status = status;
    this.kind = opts.kind;
    this.headers = opts.headers;
  }
}

export function notFound(message: string, kind?: string): ApiError {
  return new ApiError(404, message, kind ? { kind } : {});
}
export function badRequest(message: string, kind?: string): ApiError {
  return new ApiError(400, message, kind ? { kind } : {});
}
export function conflict(message: string, kind?: string): ApiError {
  return new ApiError(409, message, kind ? { kind } : {});
}

export function json(status: number, body: unknown, headers?: Record<string, string>): EmuReply {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(status = 204, headers?: Record<string, string>): EmuReply {
  return headers ? { status, headers } : { status };
}
