import { BadUserInputError } from '@/common/errors/domain-errors';
import { ConnectionArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection.args';

/** Which page the arguments ask for: the first `size` items after `after`, or the last before `before`. */
export interface PageWindow {
  direction: 'forward' | 'backward';
  size: number;
  after?: string;
  before?: string;
}

/** GraphQL passes an argument the client set to null as null, one it left out as undefined. */
export const isGiven = <V>(value: V | null | undefined): value is V =>
  value !== undefined && value !== null;

/**
 * Re-checks what ConnectionArgs' validators check, because services are also
 * called without the ValidationPipe (jobs, other services, tests), and a page
 * size is what keeps one query from reading a whole table.
 */
export function pageWindow(args: ConnectionArgs): PageWindow {
  const { first, last, after, before } = args;
  if (isGiven(first) && isGiven(last)) {
    throw new BadUserInputError('Pass either first or last, not both', [
      { path: 'last', message: 'Pass either first or last, not both' },
    ]);
  }
  for (const [path, size] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (isGiven(size) && (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE)) {
      const message = `${path} must be an integer from 0 to ${MAX_PAGE_SIZE}`;
      throw new BadUserInputError(message, [{ path, message }]);
    }
  }
  const cursors = {
    ...(isGiven(after) ? { after } : {}),
    ...(isGiven(before) ? { before } : {}),
  };
  return isGiven(last)
    ? { direction: 'backward', size: last, ...cursors }
    : { direction: 'forward', size: first ?? DEFAULT_PAGE_SIZE, ...cursors };
}
