/**
 * Microversion negotiation for Nova (`compute 2.N`, legacy `X-OpenStack-Nova-API-Version`) and
 * Cinder (`volume 3.N`): no header → the minimum, `latest` → the maximum, out of range → 406
 * (spec §2.1, §4); every answer echoes the version it was given (pitfall 6).
 */
import type { EmuRequest } from './types.ts';
import { ApiError } from './types.ts';

export interface MicroversionSpec {
  service: 'compute' | 'volume';
  major: number;
  min: number;
  max: number;
  /** Legacy header name, lower case (Nova only). */
  legacyHeader?: string;
}

export function negotiator(spec: MicroversionSpec): (req: EmuRequest) => { mv: number; headers: Record<string, string> } {
  return (req) => {
    const wanted = requested(spec, req);
    const mv = wanted === undefined ? spec.min : wanted === 'latest' ? spec.max : parse(spec, wanted);
    const text = `${spec.major}.${mv}`;
    const headers: Record<string, string> = {
      'OpenStack-API-Version': `${spec.service} ${text}`,
      Vary: spec.legacyHeader ? 'OpenStack-API-Version, X-OpenStack-Nova-API-Version' : 'OpenStack-API-Version',
    };
    if (spec.legacyHeader) headers['X-OpenStack-Nova-API-Version'] = text;
    return { mv, headers };
  };
}

function requested(spec: MicroversionSpec, req: EmuRequest): string | undefined {
  const modern = String(req.headers['openstack-api-version'] ?? '')
    .split(',')
    .map((s) => s.trim().split(/\s+/))
    .find(([svc]) => svc?.toLowerCase() === spec.service);
  if (modern?.[1]) return modern[1].toLowerCase();
  const legacy = spec.legacyHeader ? req.headers[spec.legacyHeader] : undefined;
  return typeof legacy === 'string' && legacy !== '' ? legacy.toLowerCase() : undefined;
}

function parse(spec: MicroversionSpec, text: string): number {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  const minor = m && Number(m[1]) === spec.major ? Number(m[2]) : NaN;
  if (!Number.isNaN(minor) && minor >= spec.min && minor <= spec.max) return minor;
  const message = m
    ? `Version ${text} is not supported by the API. Minimum is ${spec.major}.${spec.min} and maximum is ${spec.major}.${spec.max}.`
    : `Invalid format for version string: ${text}`;
  throw new ApiError(m ? 406 : 400, message, m ? { kind: 'computeFault' } : {});
}
