// Domain errors carry a stable code; transports (tRPC, route handlers, CLI) map
// the code to their own vocabulary in one place each.
export type DomainErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    // The input field the error is about, when there is one (e.g. "slug"), so
    // forms can show it next to that field.
    readonly field?: string,
    // Structured facts a client needs to act on the error (e.g. both versions of a conflicting edit).
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const httpStatusOf: Record<DomainErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};
