/**
 * Stable, format-free error codes. Every edge (REST, NETCONF, CLI) maps every code; callers branch
 * on `code`, never on message text.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'AMBIGUOUS_NAME',
  'REFUSED_IN_STATE',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'VIM_FAILED',
  'TIMEOUT',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
  }
}

export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
