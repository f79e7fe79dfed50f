/**
 * HTTP status of every domain error code (style house rule 5: every edge maps every code; the
 * `Record<ErrorCode, number>` makes a forgotten code a type error) and of fastify's own errors.
 *
 * Choices: VIM_FAILED → 502 Bad Gateway, because the failure is the upstream VIM's (OpenStack
 * answered badly or not at all), not ours, and 500 would send the operator looking in the wrong
 * place; SNAP-2 asks for "a fitting HTTP error code". TIMEOUT → 504 for the same reason: we gave up
 * waiting on the VIM. MAINTENANCE → 503 Service Unavailable with `Retry-After` (below). Every refusal of a well-formed request that clashes with current state
 * (exists, ambiguous, wrong state, concurrent change) is 409.
 */
import type { ErrorCode } from '../../domain/errors.ts';

export const httpStatusOf: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  AMBIGUOUS_NAME: 409,
  REFUSED_IN_STATE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  VIM_FAILED: 502,
  TIMEOUT: 504,
  MAINTENANCE: 503,
  /** Issue 13: failed logins and changing requests per client address; the answer carries its own Retry-After. */
  RATE_LIMITED: 429,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

/**
 * `Retry-After` seconds sent with a code's status: a manager in maintenance (esc-interface.md §1.1:
 * "temporarily unavailable") is worth asking again, a minute later at the soonest.
 */
export const retryAfterSecsOf: Partial<Record<ErrorCode, number>> = { MAINTENANCE: 60 };

/** Fastify's errors that reach our error handler, by their stable `code`. */
export const fastifyStatusOf: Readonly<Record<string, number>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
  FST_ERR_CTP_INVALID_CHARSET: 415,
  FST_ERR_VALIDATION: 400,
  FST_ERR_BAD_URL: 400,
  FST_ERR_MAX_PARAM_LENGTH: 414,
};
