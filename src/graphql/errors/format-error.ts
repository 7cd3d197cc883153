import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from '@/common/errors/domain-errors';
import { describeQueryError, loggableQueryError } from '@/database/query-logger';

/** Codes GraphQL and Apollo assign themselves before any resolver runs; passed through as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** graphql-js's last variable error once it gives up (`getVariableValues`, maxErrors 50). */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';

/**
 * PostgreSQL's refusals of a value itself (SQLSTATE): not valid for its type
 * (22P02: a malformed uuid or number, 22007), out of the type's range (22003,
 * 22008), too long (22001), a character text cannot hold (22021: NUL;
 * 22P05), a parameter it rejects (22023: an unknown time zone), too large to
 * index (54000). Values reach SQL from input, and the statement changed
 * nothing (its transaction is rolled back): the client's error, not ours.
 */
const INVALID_VALUE_SQLSTATES = new Set([
  '22001',
  '22003',
  '22007',
  '22008',
  '22021',
  '22023',
  '22P02',
  '22P05',
  '54000',
]);

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_USER_INPUT',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

const KNOWN_CODES = new Set<string>(Object.values(HTTP_CODES) as string[]);

const logger = new Logger('GraphQLErrors');

function withCode(
  formatted: GraphQLFormattedError,
  code: string,
  message: string,
  extra?: Record<string, unknown>,
): GraphQLFormattedError {
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { ...extra, code },
  };
}

/** Apollo's `extensions.http` with a 4xx status. */
function isClientHttpStatus(http: unknown): boolean {
  if (typeof http !== 'object' || http === null || !('status' in http)) return false;
  const status = (http as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message: unknown = response.message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return exception.message;
}

/**
 * The one mapping from thrown errors to GraphQL errors: every error leaves
 * with `extensions.code`; unexpected ones become INTERNAL and, in production,
 * say nothing about the internals (no stack traces, no SQL, no messages).
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // A domain error raised outside any resolver (the request limits) arrives wrapped, without a path.
    const original =
      unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError
        ? unwrapped.originalError
        : unwrapped;

    if (original instanceof DomainError) {
      return withCode(formatted, original.code, original.message, original.details);
    }
    if (original instanceof HttpException) {
      const code = HTTP_CODES[original.getStatus()];
      if (code) return withCode(formatted, code, httpExceptionMessage(original));
    }
    const code = formatted.extensions?.code;
    const known = typeof code === 'string' && (REQUEST_CODES.has(code) || KNOWN_CODES.has(code));
    if (original instanceof GraphQLError && known) {
      return withCode(formatted, code, formatted.message);
    }
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      isClientHttpStatus(original.extensions?.http)
    ) {
      // Apollo refusing the request itself with a 4xx but no code (e.g. an automatic
      // persisted query whose sha256Hash does not match its query).
      return withCode(formatted, 'BAD_REQUEST', formatted.message);
    }
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      original.message.startsWith(TOO_MANY_VARIABLE_ERRORS)
    ) {
      // graphql-js stops coercing variables after 50 errors and says so in an error
      // of its own, which Apollo leaves without the BAD_USER_INPUT of the others.
      return withCode(formatted, 'BAD_USER_INPUT', formatted.message);
    }
    if (original instanceof QueryFailedError && describeQueryError(original).code === '57014') {
      // statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS): PostgreSQL cancelled the statement.
      logger.warn({ err: loggableQueryError(original), path: formatted.path }, 'statement timeout');
      return withCode(
        formatted,
        'TIMEOUT',
        'The operation took too long and was cancelled; try again or narrow it',
      );
    }
    if (
      original instanceof QueryFailedError &&
      INVALID_VALUE_SQLSTATES.has(describeQueryError(original).code ?? '')
    ) {
      // Still logged: each one is a missing input check worth adding where the value comes in.
      logger.warn(
        { err: loggableQueryError(original), path: formatted.path },
        'value refused by PostgreSQL',
      );
      return withCode(
        formatted,
        'BAD_USER_INPUT',
        'Invalid input: a value is malformed, out of range or too long',
      );
    }
    logger.error(
      {
        // A failed query's error object carries its parameters: log it without them.
        err: original instanceof QueryFailedError ? loggableQueryError(original) : original,
        path: formatted.path,
      },
      'unexpected error in GraphQL operation',
    );
    return withCode(
      formatted,
      'INTERNAL',
      production ? 'Internal server error' : formatted.message,
    );
  };
}
