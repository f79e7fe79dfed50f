/**
 * JSON schemas of the REST routes: they feed fastify's validation of path, query and headers and
 * the OpenAPI document (`openapi.ts`). Bodies are described, not validated here: they are XML or
 * JSON strings that `src/datamodel/` parses, so one parser names every problem. Path ids are ESC
 * names (`escname`, at most 256 characters; esc-interface.md §1.1).
 */
import { lengthLimits } from '../../domain/limits.ts';
import { callbackHeaders } from './callbacks.ts';

export const idParams = (description: string) => ({
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: lengthLimits.name.min, maxLength: lengthLimits.name.max, description } },
});

/** Path parameters that are plain required strings, by name with their descriptions. */
export function pathParams(described: Record<string, string>) {
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(described).map(([name, description]) => [name, { type: 'string', description }])),
    required: Object.keys(described),
  };
}

export const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 10_000, description: 'at most this many items' },
  offset: { type: 'integer', minimum: 0, description: 'skip this many items' },
} as const;

export const callbackHeadersSchema = {
  type: 'object',
  properties: {
    [callbackHeaders.completion]: { type: 'string', description: 'absolute http(s) URL that receives the completion callback' },
    [callbackHeaders.events]: { type: 'string', description: 'absolute http(s) URL that receives every event of the operation' },
  },
} as const;

/** A request body in either format; `what` names the root element. */
export function documentBody(what: string) {
  const described = { description: `${what} document (ESC data model)` };
  return {
    content: {
      'application/xml': { schema: described },
      'text/xml': { schema: described },
      'application/json': { schema: described },
    },
  };
}

/** A response body in either format (XML unless `Accept: application/json`). */
export function documentResponse(description: string) {
  return {
    description,
    content: { 'application/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
  };
}

const transactionHeader = {
  'ESC-Transaction-Id': { type: 'string', description: 'id of the accepted operation; callbacks carry it' },
} as const;

/** The answer of an accepted asynchronous request that returns the resource. */
export function acceptedWithBody(description: string) {
  return { ...documentResponse(description), headers: transactionHeader };
}

/** The answer of an accepted asynchronous request with an empty body. */
export function acceptedEmpty(description: string) {
  return { description, headers: transactionHeader, type: 'null' };
}

/**
 * The schema of an asynchronous request: the callback headers, the document body it takes (if
 * any), its accepted answer (`{ 201: acceptedWithBody(...) }`, say) and its error statuses.
 */
export function asyncRequest(o: { summary: string; tags: string[]; params: object; body?: string; accepted: Record<number, object>; errors: number[] }) {
  return {
    summary: o.summary,
    tags: o.tags,
    params: o.params,
    headers: callbackHeadersSchema,
    ...(o.body ? { body: documentBody(o.body) } : {}),
    response: { ...o.accepted, ...errorResponses(...o.errors) },
  };
}

export const errorResponse = {
  description: 'error: <error><error_code/><error_message/></error> or its JSON mirror',
  content: { 'application/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
};

/** The route's error statuses, plus 401 (authentication on) and 500, which every route may give. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries([...statuses, 401, 500].map((status) => [status, errorResponse]));
