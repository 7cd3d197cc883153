import { createHash } from 'node:crypto';
import { ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { ConnectionArgs } from './connection.args';
import { ConnectionResult } from './connection.type';
import { CursorArgument, CursorValue, decodeCursor, encodeCursor } from './cursor';
import { pageWindow } from './page-window';
import { reuseQueryText } from '@/database/query-text-cache';
import { rawAndEntities } from '@/database/row-mapper';

export interface SortKey<T> {
  /**
   * What to sort by: `alias.property` (`task.dueAt`), `alias.column`
   * (`task.due_at`) or any SQL expression over the query's aliases.
   */
  column: string;
  direction: 'ASC' | 'DESC';
  /**
   * Required when the column can be NULL, saying where NULLs sort. Without it
   * the column must be NOT NULL: a NULL found while paging is a programming
   * error and throws.
   */
  nulls?: 'FIRST' | 'LAST';
  /**
   * @deprecated Not used: cursors carry the database's own text for each sort
   * value, since reading it from the entity would cut a timestamp's
   * microseconds to a JS Date's milliseconds and repeat rows across pages.
   */
  property?: keyof T | ((row: T) => unknown);
}

export interface PaginateOptions<T> {
  /**
   * Names the list (`'tasks'`). The ordering is added to it, so a cursor is
   * only accepted by the list and ordering that issued it.
   */
  queryKey: string;
  orderBy: SortKey<T>[];
  /** Breaks ties so the order is total; `${qb.alias}.id` unless given. */
  idColumn?: string;
}

type Key = Pick<SortKey<unknown>, 'column' | 'direction' | 'nulls'>;

/** Prefix of the raw columns and parameters paginate adds to the caller's query. */
const PREFIX = 'paginate_';

function reversed({ column, direction, nulls }: Key): Key {
  return {
    column,
    direction: direction === 'ASC' ? 'DESC' : 'ASC',
    ...(nulls ? { nulls: nulls === 'FIRST' ? 'LAST' : 'FIRST' } : {}),
  };
}

function sortKeys(orderBy: readonly Key[], idColumn: string): Key[] {
  const keys: Key[] = orderBy.map(({ column, direction, nulls }) => ({
    column,
    direction,
    ...(nulls ? { nulls } : {}),
  }));
  const last = keys.at(-1);
  if (last?.column !== idColumn)
    keys.push({ column: idColumn, direction: last?.direction ?? 'ASC' });
  if (new Set(keys.map((key) => key.column)).size !== keys.length) {
    throw new Error(
      `paginate: a column appears twice in orderBy: ${keys.map((key) => key.column).join(', ')}`,
    );
  }
  return keys;
}

/** The ordering is part of every cursor's key, hashed so cursors do not spell out SQL. */
function cursorKey(queryKey: string, keys: readonly Key[]): string {
  const ordering = keys.map((key) => `${key.column} ${key.direction} ${key.nulls ?? ''}`).join(',');
  return `${queryKey}:${createHash('sha256').update(ordering).digest('base64url').slice(0, 10)}`;
}

function decodeValues(
  cursor: string,
  key: string,
  keys: readonly Key[],
  argument: CursorArgument,
): (string | null)[] {
  const values = decodeCursor(cursor, key, argument);
  const valid =
    values.length === keys.length &&
    values.every((value, i) => typeof value === 'string' || (value === null && keys[i].nulls));
  if (!valid) {
    throw new BadUserInputError(`Invalid cursor in "${argument}": not a cursor`, [
      { path: argument, message: 'not a cursor' },
    ]);
  }
  return values as (string | null)[];
}

/** PostgreSQL's class 22 (data exception): a value its column's type cannot read. */
function isDataException(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

/**
 * Rows strictly after the cursor row in the order `keys` describe. Parameters
 * stay untyped text, so PostgreSQL reads each as its column's type and
 * compares at the column's full precision.
 */
function keysetCondition(
  keys: readonly Key[],
  values: readonly (string | null)[],
  name: string,
): { sql: string; parameters: Record<string, string> } {
  const parameters: Record<string, string> = {};
  const parameter = (i: number): string => {
    parameters[`${PREFIX}${name}_${i}`] = values[i] as string;
    return `:${PREFIX}${name}_${i}`;
  };

  // One direction and no NULLs: a row comparison, which an index on the
  // same columns serves as a range scan.
  if (keys.every((key) => key.direction === keys[0].direction && !key.nulls)) {
    const op = keys[0].direction === 'ASC' ? '>' : '<';
    const columns = keys.map((key) => key.column).join(', ');
    const placeholders = keys.map((_, i) => parameter(i)).join(', ');
    return { sql: `(${columns}) ${op} (${placeholders})`, parameters };
  }

  const equal = (i: number): string =>
    values[i] === null ? `${keys[i].column} IS NULL` : `${keys[i].column} = ${parameter(i)}`;
  const beyond = (i: number): string | undefined => {
    const { column, direction, nulls } = keys[i];
    if (values[i] === null) return nulls === 'FIRST' ? `${column} IS NOT NULL` : undefined;
    const compared = `${column} ${direction === 'ASC' ? '>' : '<'} ${parameter(i)}`;
    return nulls === 'LAST' ? `(${compared} OR ${column} IS NULL)` : compared;
  };

  const branches: string[] = [];
  keys.forEach((_, i) => {
    const differs = beyond(i);
    if (differs === undefined) return;
    const ties = keys.slice(0, i).map((__, j) => equal(j));
    branches.push(`(${[...ties, differs].join(' AND ')})`);
  });
  return { sql: branches.length ? `(${branches.join(' OR ')})` : 'FALSE', parameters };
}

/**
 * One page of `qb` as a Relay connection, by keyset: a page starts right
 * after (or ends right before) its cursor's sort values, so rows inserted or
 * deleted elsewhere never shift a page, and deep pages cost what the first
 * does. Ties are broken by id, appended as the last sort key.
 *
 * `qb` carries the filters (tenant scope first) and is left untouched. Join
 * to-one relations at most: a to-many join multiplies rows under the LIMIT;
 * load those through DataLoaders.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  options: PaginateOptions<T>,
): Promise<ConnectionResult<T>> {
  const window = pageWindow(args);
  const keys = sortKeys(options.orderBy, options.idColumn ?? `${qb.alias}.id`);
  const key = cursorKey(options.queryKey, keys);
  const after =
    window.after === undefined ? undefined : decodeValues(window.after, key, keys, 'after');
  const before =
    window.before === undefined ? undefined : decodeValues(window.before, key, keys, 'before');

  const page = qb.clone();
  // TypeORM joins where-clauses without parentheses, so a caller's `a OR b`
  // would otherwise swallow the keyset condition appended below.
  if (page.expressionMap.wheres.length > 0) {
    const filters = page.expressionMap.wheres;
    page.expressionMap.wheres = [
      { type: 'simple', condition: { operator: 'brackets', condition: filters } },
    ];
  }
  if (after) {
    const { sql, parameters } = keysetCondition(keys, after, 'after');
    page.andWhere(sql, parameters);
  }
  if (before) {
    const { sql, parameters } = keysetCondition(keys.map(reversed), before, 'before');
    page.andWhere(sql, parameters);
  }

  // A backward page is read in reverse order from its end, then turned round.
  const backward = window.direction === 'backward';
  page.orderBy();
  for (const { column, direction, nulls } of backward ? keys.map(reversed) : keys) {
    page.addOrderBy(column, direction, nulls && `NULLS ${nulls}`);
  }
  keys.forEach(({ column }, i) => page.addSelect(`CAST(${column} AS text)`, `${PREFIX}${i}`));
  page.limit(window.size + 1);

  // Counted only when a query reads totalCount, from the filters alone.
  let count: Promise<number> | undefined;
  const totalCount: PromiseLike<number> = {
    then: (onFulfilled, onRejected) =>
      (count ??= qb.clone().orderBy().getCount()).then(onFulfilled, onRejected),
  };
  let read: { entities: T[]; raw: Record<string, string | null>[] };
  try {
    read = await rawAndEntities<T, Record<string, string | null>>(reuseQueryText(page));
  } catch (error) {
    // A cursor is only base64 JSON: a client can put any text in it. Text the
    // column's type cannot read (a timestamp, a uuid) is the client's mistake.
    const argument = after ? 'after' : 'before';
    if ((after || before) && isDataException(error)) {
      throw new BadUserInputError(`Invalid cursor in "${argument}": not a cursor`, [
        { path: argument, message: 'not a cursor' },
      ]);
    }
    throw error;
  }
  const { entities, raw } = read;
  if (raw.length !== entities.length) {
    throw new Error(
      `paginate(${options.queryKey}): the query returns several rows per entity; ` +
        'join to-many relations through DataLoaders instead',
    );
  }

  const more = entities.length > window.size;
  const rows = entities.slice(0, window.size).map((node, i) => ({ node, raw: raw[i] }));
  if (backward) rows.reverse();

  const cursorOf = (row: Record<string, string | null>): string => {
    const values: CursorValue[] = keys.map(({ column, nulls }, i) => {
      const value = row[`${PREFIX}${i}`];
      if (value === null && !nulls) {
        throw new Error(
          `paginate(${options.queryKey}): ${column} is NULL; make it NOT NULL or give its \`nulls\` order`,
        );
      }
      return value;
    });
    return encodeCursor(key, values);
  };
  const nodes = rows.map((row) => row.node);
  // Cursors are made for the edges a query asks for: a page read through
  // `nodes` pays for the first and last only (pageInfo).
  let edges: Array<{ cursor: string; node: T }> | undefined;
  const first = rows.at(0);
  const last = rows.at(-1);

  return {
    get edges() {
      return (edges ??= rows.map(({ node, raw: row }) => ({ cursor: cursorOf(row), node })));
    },
    nodes,
    pageInfo: {
      // The side a page was not read towards is known only from its cursor:
      // a page after a cursor has at least the cursor's row before it.
      hasNextPage: backward ? before !== undefined : more,
      hasPreviousPage: backward ? more : after !== undefined,
      startCursor: first ? cursorOf(first.raw) : null,
      endCursor: last ? cursorOf(last.raw) : null,
    },
    totalCount,
  };
}
