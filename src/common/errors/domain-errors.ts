/**
 * Errors the domain throws. Services stay free of GraphQL and HTTP types; the
 * error formatter (graphql/errors/format-error.ts) turns `code` into
 * `extensions.code` and spreads `details` into the extensions, so everything
 * put in `details` is shown to the client.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  /** Argument or input path as the client wrote it, e.g. `input.dueAt` or `after`. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    if (details) this.details = details;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor(message = 'Not allowed', details?: Record<string, unknown>) {
    super(message, details);
  }
}

export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(message: string, fieldErrors?: FieldError[]) {
    super(message, fieldErrors?.length ? { fields: fieldErrors } : undefined);
  }

  /**
   * `Invalid input: path: message; …` naming every field error, with `shown`
   * (all of them unless given) as the error's field details.
   */
  static forFields(fields: FieldError[], shown: FieldError[] = fields): BadUserInputError {
    return new BadUserInputError(
      `Invalid input: ${fields.map((field) => `${field.path}: ${field.message}`).join('; ')}`,
      shown,
    );
  }
}

/**
 * Also what another tenant's ids get: "not found" rather than "forbidden", so
 * a caller cannot learn that an id exists elsewhere.
 */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  constructor(entity: string, id?: string) {
    super(`${entity} not found`, id === undefined ? { entity } : { entity, id });
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';

  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
  }
}

/** `retryAfter` and `retryAfterSeconds` (the same number of seconds) are both shown to the client. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message = 'Too many requests, try again later') {
    const seconds = Math.max(0, Math.ceil(retryAfterSeconds));
    super(message, { retryAfter: seconds, retryAfterSeconds: seconds });
    this.retryAfterSeconds = seconds;
  }
}

/**
 * An outside service the operation depends on (Twilio, …) failed or did not
 * answer in time; nothing was changed and the client may try again.
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';

  constructor(service: string, message: string) {
    super(message, { service });
  }
}
