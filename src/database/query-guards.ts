import { QueryFailedError } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids from clients are checked before they reach a `uuid` column: PostgreSQL
 * would refuse a malformed one with an error that surfaces as INTERNAL, where
 * the client should simply hear NOT_FOUND.
 */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A unique index refused the write: what a check-then-insert race ends in
 * when two requests add the same thing at once. The caller turns it into
 * CONFLICT, as the check would have. With `constraint`, only that index's.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError: unknown = error.driverError;
  return (
    typeof driverError === 'object' &&
    driverError !== null &&
    (driverError as { code?: unknown }).code === '23505' &&
    (constraint === undefined ||
      (driverError as { constraint?: unknown }).constraint === constraint)
  );
}
