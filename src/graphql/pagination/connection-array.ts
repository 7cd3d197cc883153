import { BadUserInputError } from '@/common/errors/domain-errors';
import { ConnectionArgs } from './connection.args';
import { ConnectionResult } from './connection.type';
import { CursorArgument, decodeCursor, encodeCursor } from './cursor';
import { pageWindow } from './page-window';

/**
 * Where a cursor falls in the list: a cursor carries the item's index and id,
 * and the id wins, so a page stays anchored to its item when items before it
 * were added or removed. When the item itself is gone, the index says where
 * it was; its successor has moved up into that slot.
 */
function boundary<T extends { id: string }>(
  items: readonly T[],
  cursor: string,
  queryKey: string,
  argument: CursorArgument,
): number {
  const [index, id, ...rest] = decodeCursor(cursor, queryKey, argument);
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw malformed(argument);
  if (typeof id !== 'string' || rest.length > 0) throw malformed(argument);
  const found = items.findIndex((item) => item.id === id);
  if (found >= 0) return argument === 'after' ? found + 1 : found;
  return Math.min(index, items.length);
}

function malformed(argument: CursorArgument): BadUserInputError {
  return new BadUserInputError(`Invalid cursor in "${argument}": not a cursor`, [
    { path: argument, message: 'not a cursor' },
  ]);
}

/**
 * A connection over a list already in memory, for lists that are small by
 * nature (the members of one organization); everything else pages in SQL
 * through `paginate`. `queryKey` names the list, so its cursors are refused
 * by other lists.
 */
export function connectionFromArray<T extends { id: string }>(
  items: readonly T[],
  args: ConnectionArgs,
  queryKey: string,
): ConnectionResult<T> {
  const window = pageWindow(args);
  const start = window.after === undefined ? 0 : boundary(items, window.after, queryKey, 'after');
  const end = Math.max(
    start,
    window.before === undefined ? items.length : boundary(items, window.before, queryKey, 'before'),
  );
  const from = window.direction === 'forward' ? start : Math.max(start, end - window.size);
  const to = window.direction === 'forward' ? Math.min(end, start + window.size) : end;

  const edges = items
    .slice(from, to)
    .map((node, offset) => ({ cursor: encodeCursor(queryKey, [from + offset, node.id]), node }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasPreviousPage: from > 0,
      hasNextPage: to < items.length,
      startCursor: edges.at(0)?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}
