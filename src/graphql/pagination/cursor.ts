import { BadUserInputError } from '@/common/errors/domain-errors';
import { MAX_CURSOR_LENGTH } from './connection.args';

/** A sort value a cursor can carry. */
export type CursorValue = string | number | boolean | null | Date;

/** The argument a cursor arrived in, named in the error a bad cursor gets. */
export type CursorArgument = 'after' | 'before';

// JSON has no dates: they travel tagged, as ISO strings, and come back as Dates.
type EncodedValue = string | number | boolean | null | { d: string };

interface CursorPayload {
  /** Which query (list + ordering) issued the cursor. */
  k: string;
  v: EncodedValue[];
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function encodeValue(value: CursorValue): EncodedValue {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('Cannot put an invalid Date in a cursor');
    return { d: value.toISOString() };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Cannot put ${value} in a cursor`);
  }
  return value;
}

function decodeValue(value: unknown): CursorValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'object' && Object.keys(value).length === 1 && 'd' in value) {
    const { d } = value;
    if (typeof d !== 'string') return undefined;
    const date = new Date(d);
    return !Number.isNaN(date.getTime()) && date.toISOString() === d ? date : undefined;
  }
  return undefined;
}

/**
 * An opaque cursor for the row with these sort values (the id last). Opaque to
 * clients, not secret: it is base64url JSON, so never put anything in it the
 * client may not see.
 */
export function encodeCursor(queryKey: string, values: readonly CursorValue[]): string {
  const payload: CursorPayload = { k: queryKey, v: values.map(encodeValue) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * The sort values in a cursor issued by `encodeCursor` for the same query key.
 * Anything else, including a cursor from another list or ordering, is the
 * client's mistake and gets BAD_USER_INPUT naming the argument.
 */
export function decodeCursor(
  cursor: string,
  queryKey: string,
  argument: CursorArgument,
): CursorValue[] {
  const invalid = (reason: string): BadUserInputError =>
    new BadUserInputError(`Invalid cursor in "${argument}": ${reason}`, [
      { path: argument, message: reason },
    ]);

  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw invalid('not a cursor');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor');
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    typeof (payload as CursorPayload).k !== 'string' ||
    !Array.isArray((payload as CursorPayload).v)
  ) {
    throw invalid('not a cursor');
  }
  const { k, v } = payload as CursorPayload;
  if (k !== queryKey) throw invalid('it belongs to a different list or ordering');

  const values = v.map(decodeValue);
  if (values.some((value) => value === undefined)) throw invalid('not a cursor');
  return values as CursorValue[];
}
