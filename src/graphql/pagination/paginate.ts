import { createHash } from 'node:crypto';
import { ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { ConnectionArgs } from './connection.args';
import { ConnectionResult } from './connection.type';
import { CursorArgument, CursorValue, decodeCursor, encodeCursor } from './cursor';
import { pageWindow } from './page-window';

export interface SortKey<T> {
  /**
   * What to sort by: `alias.property` (`task.dueAt`), `alias.column`
   * (`task.due_at`) or any SQL expression over the query's aliases.
   */
  column: string;
  /**
   * For `paginateSql`: the SQL expression of `column` in the page's query
   * (`task.due_at`). `column` still names the key in cursors.
   */
  sql?: string;
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

type Key = Pick<SortKey<unknown>, 'column' | 'sql' | 'direction' | 'nulls'>;

/** Prefix of the raw columns and parameters paginate adds to the caller's query. */
const PREFIX = 'paginate_';

function reversed({ column, sql, direction, nulls }: Key): Key {
  return {
    column,
    ...(sql ? { sql } : {}),
    direction: direction === 'ASC' ? 'DESC' : 'ASC',
    ...(nulls ? { nulls: nulls === 'FIRST' ? 'LAST' : 'FIRST' } : {}),
  };
}

function sortKeys(orderBy: readonly Key[], idColumn: string, idSql?: string): Key[] {
  const keys: Key[] = orderBy.map(({ column, sql, direction, nulls }) => ({
    column,
    ...(sql ? { sql } : {}),
    direction,
    ...(nulls ? { nulls } : {}),
  }));
  const last = keys.at(-1);
  if (last?.column !== idColumn) {
    keys.push({
      column: idColumn,
      ...(idSql ? { sql: idSql } : {}),
      direction: last?.direction ?? 'ASC',
    });
  }
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
 * Rows strictly after the cursor row in the order `keys` describe, over the
 * SQL expressions `expression` gives. `parameter` adds a cursor value as a
 * query parameter and returns its placeholder; parameters stay untyped text,
 * so PostgreSQL reads each as its column's type and compares at the
 * column's full precision.
 */
function keysetCondition(
  keys: readonly Key[],
  values: readonly (string | null)[],
  expression: (key: Key) => string,
  parameter: (value: string) => string,
): string {
  // One direction and no NULLs: a row comparison, which an index on the
  // same columns serves as a range scan.
  if (keys.every((key) => key.direction === keys[0].direction && !key.nulls)) {
    const op = keys[0].direction === 'ASC' ? '>' : '<';
    const columns = keys.map(expression).join(', ');
    const placeholders = values.map((value) => parameter(value as string)).join(', ');
    return `(${columns}) ${op} (${placeholders})`;
  }

  const equal = (i: number): string =>
    values[i] === null
      ? `${expression(keys[i])} IS NULL`
      : `${expression(keys[i])} = ${parameter(values[i])}`;
  const beyond = (i: number): string | undefined => {
    const { direction, nulls } = keys[i];
    const column = expression(keys[i]);
    const value = values[i];
    if (value === null) return nulls === 'FIRST' ? `${column} IS NOT NULL` : undefined;
    const compared = `${column} ${direction === 'ASC' ? '>' : '<'} ${parameter(value)}`;
    return nulls === 'LAST' ? `(${compared} OR ${column} IS NULL)` : compared;
  };

  const branches: string[] = [];
  keys.forEach((_, i) => {
    const differs = beyond(i);
    if (differs === undefined) return;
    const ties = keys.slice(0, i).map((__, j) => equal(j));
    branches.push(`(${[...ties, differs].join(' AND ')})`);
  });
  return branches.length ? `(${branches.join(' OR ')})` : 'FALSE';
}

/** What both kinds of page share: the window, its sort keys and its decoded cursors. */
interface PagePlan {
  window: ReturnType<typeof pageWindow>;
  keys: Key[];
  key: string;
  after?: (string | null)[];
  before?: (string | null)[];
  backward: boolean;
}

function planPage(
  args: ConnectionArgs,
  queryKey: string,
  orderBy: readonly Key[],
  idColumn: string,
  idSql?: string,
): PagePlan {
  const window = pageWindow(args);
  const keys = sortKeys(orderBy, idColumn, idSql);
  const key = cursorKey(queryKey, keys);
  return {
    window,
    keys,
    key,
    after: window.after === undefined ? undefined : decodeValues(window.after, key, keys, 'after'),
    before:
      window.before === undefined ? undefined : decodeValues(window.before, key, keys, 'before'),
    backward: window.direction === 'backward',
  };
}

/** The sort keys in the order a page is read: reversed for a backward page. */
const readOrder = (plan: PagePlan): Key[] => (plan.backward ? plan.keys.map(reversed) : plan.keys);

/** Reads a page's rows, telling a client's unreadable cursor from a real failure. */
async function readRows<R>(plan: PagePlan, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    // A cursor is only base64 JSON: a client can put any text in it. Text the
    // column's type cannot read (a timestamp, a uuid) is the client's mistake.
    const argument = plan.after ? 'after' : 'before';
    if ((plan.after || plan.before) && isDataException(error)) {
      throw new BadUserInputError(`Invalid cursor in "${argument}": not a cursor`, [
        { path: argument, message: 'not a cursor' },
      ]);
    }
    throw error;
  }
}

/**
 * The connection for the rows read (up to the window's size + 1, in read
 * order), each with its node and the text of its sort values
 * (`paginate_0`, `paginate_1`, …).
 */
function connectionOf<T>(
  plan: PagePlan,
  queryKey: string,
  read: Array<{ node: T; raw: Record<string, unknown> }>,
  totalCount: PromiseLike<number>,
): ConnectionResult<T> {
  const { window, keys, key, after, before, backward } = plan;
  const more = read.length > window.size;
  const rows = read.slice(0, window.size);
  if (backward) rows.reverse();

  const cursorOf = (row: Record<string, unknown>): string => {
    const values: CursorValue[] = keys.map(({ column, nulls }, i) => {
      const value = row[`${PREFIX}${i}`] as string | null;
      if (value === null && !nulls) {
        throw new Error(
          `paginate(${queryKey}): ${column} is NULL; make it NOT NULL or give its \`nulls\` order`,
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

/** A count run only when GraphQL awaits it (a query that reads totalCount), and once. */
function lazyCount(count: () => Promise<number>): PromiseLike<number> {
  let counted: Promise<number> | undefined;
  return {
    then: (onFulfilled, onRejected) => (counted ??= count()).then(onFulfilled, onRejected),
  };
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
  const plan = planPage(
    args,
    options.queryKey,
    options.orderBy,
    options.idColumn ?? `${qb.alias}.id`,
  );

  const page = qb.clone();
  // TypeORM joins where-clauses without parentheses, so a caller's `a OR b`
  // would otherwise swallow the keyset condition appended below.
  if (page.expressionMap.wheres.length > 0) {
    const filters = page.expressionMap.wheres;
    page.expressionMap.wheres = [
      { type: 'simple', condition: { operator: 'brackets', condition: filters } },
    ];
  }
  for (const [name, values, keys] of [
    ['after', plan.after, plan.keys],
    ['before', plan.before, plan.keys.map(reversed)],
  ] as const) {
    if (!values) continue;
    const parameters: Record<string, string> = {};
    const sql = keysetCondition(
      keys,
      values,
      (key) => key.column,
      (value) => {
        const parameter = `${PREFIX}${name}_${Object.keys(parameters).length}`;
        parameters[parameter] = value;
        return `:${parameter}`;
      },
    );
    page.andWhere(sql, parameters);
  }

  // A backward page is read in reverse order from its end, then turned round.
  page.orderBy();
  for (const { column, direction, nulls } of readOrder(plan)) {
    page.addOrderBy(column, direction, nulls && `NULLS ${nulls}`);
  }
  plan.keys.forEach(({ column }, i) => page.addSelect(`CAST(${column} AS text)`, `${PREFIX}${i}`));
  page.limit(plan.window.size + 1);

  const { entities, raw } = await readRows(plan, () =>
    page.getRawAndEntities<Record<string, unknown>>(),
  );
  if (raw.length !== entities.length) {
    throw new Error(
      `paginate(${options.queryKey}): the query returns several rows per entity; ` +
        'join to-many relations through DataLoaders instead',
    );
  }
  return connectionOf(
    plan,
    options.queryKey,
    entities.map((node, i) => ({ node, raw: raw[i] })),
    // Counted from the filters alone.
    lazyCount(() => qb.clone().orderBy().getCount()),
  );
}

/**
 * A page's query in plain SQL, for lists on a hot path: `select` lists the
 * columns (and `from` the tables and joins) the mapping function reads,
 * `where` the filters, tenant scope first, with `$1`, `$2`, … standing for
 * `values`. Each key of the ordering gives its `sql` expression.
 */
export interface SqlPageQuery<T> {
  select: string;
  from: string;
  where: readonly string[];
  values: readonly unknown[];
  /** The node of one row, from the columns `select` names. */
  map: (row: Record<string, unknown>) => T;
  /** Runs a statement with its parameters and returns its rows (`dataSource.query`). */
  run: (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;
}

/**
 * `paginate` for a page written in SQL: the same keyset paging, cursors and
 * connection, one statement per page (plus a `count(*)` when a query reads
 * `totalCount`). `options.idColumn` names the tie-breaking key in cursors;
 * its SQL is `idSql`.
 */
export async function paginateSql<T>(
  query: SqlPageQuery<T>,
  args: ConnectionArgs,
  options: PaginateOptions<T> & { idColumn: string; idSql: string },
): Promise<ConnectionResult<T>> {
  const plan = planPage(args, options.queryKey, options.orderBy, options.idColumn, options.idSql);
  const values = [...query.values];
  const parameter = (value: unknown): string => `$${values.push(value)}`;
  const expression = (key: Key): string => key.sql ?? key.column;
  const where = [...query.where];
  if (plan.after) where.push(keysetCondition(plan.keys, plan.after, expression, parameter));
  if (plan.before) {
    where.push(keysetCondition(plan.keys.map(reversed), plan.before, expression, parameter));
  }
  const conditions = where.length ? ` WHERE ${where.map((sql) => `(${sql})`).join(' AND ')}` : '';
  const order = readOrder(plan)
    .map((key) => `${expression(key)} ${key.direction}${key.nulls ? ` NULLS ${key.nulls}` : ''}`)
    .join(', ');
  const sortValues = plan.keys
    .map((key, i) => `CAST(${expression(key)} AS text) AS ${PREFIX}${i}`)
    .join(', ');
  const text =
    `SELECT ${query.select}, ${sortValues} FROM ${query.from}${conditions} ` +
    `ORDER BY ${order} LIMIT ${parameter(plan.window.size + 1)}`;

  const rows = await readRows(plan, () => query.run(text, values));
  const filters = query.where.length
    ? ` WHERE ${query.where.map((sql) => `(${sql})`).join(' AND ')}`
    : '';
  const countValues = [...query.values];
  return connectionOf(
    plan,
    options.queryKey,
    rows.map((raw) => ({ node: query.map(raw), raw })),
    lazyCount(async () => {
      const [row] = await query.run(
        `SELECT count(*)::int AS count FROM ${query.from}${filters}`,
        countValues,
      );
      return row.count as number;
    }),
  );
}
