import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryGeneratedColumn, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { SnakeNamingStrategy } from '@/database/snake-naming.strategy';
import { ConnectionArgs, paginate, PaginateOptions } from '@/graphql/pagination';

/** `paginate` counts only when asked: its `totalCount` is a lazy thenable. */
const countOf = async (page: { totalCount: number | PromiseLike<number> }): Promise<number> =>
  await page.totalCount;

// Its own database, so it runs beside any other suite and leaves nothing behind.
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `pg_test_${randomBytes(6).toString('hex')}`;

@Entity('item')
class Item {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('int')
  rank: number;

  @Column('int', { nullable: true })
  score: number | null;

  @Column('timestamptz')
  createdAt: Date;
}

type Options = PaginateOptions<Item>;

let admin: Client;
let dataSource: DataSource;

const items = () => dataSource.getRepository(Item).createQueryBuilder('item');

/** The order PostgreSQL itself gives, to compare pages against. */
async function expectedIds(orderBy: string, where = 'TRUE'): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT id FROM item WHERE ${where} ORDER BY ${orderBy}`,
  );
  return rows.map((row) => row.id);
}

/** Pages through the whole list, checking page info on the way. */
async function walk(
  direction: 'forward' | 'backward',
  options: Options,
  size = 4,
  query: () => SelectQueryBuilder<Item> = items,
): Promise<string[]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round++) {
    const args =
      direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor };
    const page = await paginate(query(), args, options);
    const more =
      direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    const behind =
      direction === 'forward' ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;

    expect(behind).toBe(cursor !== undefined);
    expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
    expect(page.nodes.length).toBe(more ? size : page.nodes.length);
    pages.push(page.nodes.map((node) => node.id));
    if (!more) return direction === 'forward' ? pages.flat() : pages.reverse().flat();
    cursor =
      (direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor) ?? undefined;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  dataSource = new DataSource({
    type: 'postgres',
    url: `${SERVER_URL}/${DATABASE}`,
    entities: [Item],
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: true, // a throwaway database: never anywhere else
  });
  await dataSource.initialize();

  // 23 rows: ranks repeat (ties broken by id), a third of the scores are
  // NULL, and created_at values share milliseconds but differ in microseconds.
  await dataSource.query(`
    INSERT INTO item (name, rank, score, created_at)
    SELECT 'item ' || lpad(n::text, 2, '0'),
           n % 4,
           CASE WHEN n % 3 = 0 THEN NULL ELSE n % 5 END,
           timestamptz '2024-03-01 12:00:00+00' + (n / 5) * interval '1 millisecond'
                                                + (n % 5) * interval '1 microsecond'
    FROM generate_series(1, 23) AS n`);
});

afterAll(async () => {
  await dataSource?.destroy();
  await admin?.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin?.end();
});

describe('paginate (keyset pagination on PostgreSQL)', () => {
  const byRank: Options = {
    queryKey: 'items',
    orderBy: [{ column: 'item.rank', direction: 'ASC' }],
  };

  it('visits every row exactly once, in order, paging forward through ties', async () => {
    const expected = await expectedIds('rank ASC, id ASC');

    expect(await walk('forward', byRank)).toEqual(expected);
    expect(await walk('forward', byRank, 1)).toEqual(expected);
    expect(await walk('forward', byRank, 23)).toEqual(expected);
  });

  it('visits the same rows in the same order paging backward', async () => {
    const expected = await expectedIds('rank ASC, id ASC');

    expect(await walk('backward', byRank)).toEqual(expected);
    expect(await walk('backward', byRank, 5)).toEqual(expected);
  });

  it('pages through mixed ascending and descending columns both ways', async () => {
    const options: Options = {
      queryKey: 'items',
      orderBy: [
        { column: 'item.rank', direction: 'DESC' },
        { column: 'item.name', direction: 'ASC' },
      ],
    };
    const expected = await expectedIds('rank DESC, name ASC, id ASC');

    expect(await walk('forward', options, 3)).toEqual(expected);
    expect(await walk('backward', options, 3)).toEqual(expected);
  });

  it('keeps microseconds, so rows in the same millisecond are neither repeated nor skipped', async () => {
    const options: Options = {
      queryKey: 'items',
      orderBy: [{ column: 'item.createdAt', direction: 'DESC' }],
    };
    const expected = await expectedIds('created_at DESC, id DESC');

    expect(await walk('forward', options, 2)).toEqual(expected);
    expect(await walk('backward', options, 2)).toEqual(expected);
  });

  it.each([
    ['ASC', 'LAST'],
    ['ASC', 'FIRST'],
    ['DESC', 'LAST'],
    ['DESC', 'FIRST'],
  ] as const)('pages through a nullable column ordered %s NULLS %s', async (direction, nulls) => {
    const options: Options = {
      queryKey: 'items',
      orderBy: [{ column: 'item.score', direction, nulls }],
    };
    const expected = await expectedIds(`score ${direction} NULLS ${nulls}, id ${direction}`);

    expect(await walk('forward', options, 3)).toEqual(expected);
    expect(await walk('backward', options, 3)).toEqual(expected);
  });

  it('refuses a NULL in a column not declared nullable', async () => {
    const options: Options = {
      queryKey: 'items',
      orderBy: [{ column: 'item.score', direction: 'ASC' }],
    };

    await expect(paginate(items(), { first: 23 }, options)).rejects.toThrow(/score is NULL/);
  });

  it('returns an empty connection when nothing matches', async () => {
    const page = await paginate(items().where('item.rank > :rank', { rank: 99 }), {}, byRank);

    expect({ ...page, totalCount: await countOf(page) }).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
  });

  it('says there is no next page on the last page', async () => {
    const first = await paginate(items(), { first: 20 }, byRank);
    const last = await paginate(items(), { first: 20, after: first.pageInfo.endCursor! }, byRank);

    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(last.nodes).toHaveLength(3);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.pageInfo.endCursor).toBe(last.edges[2].cursor);
  });

  it('returns the rows between after and before', async () => {
    const all = await paginate(items(), { first: 23 }, byRank);
    const cursors = all.edges.map((edge) => edge.cursor);
    const ids = all.nodes.map((node) => node.id);

    const between = await paginate(items(), { after: cursors[3], before: cursors[10] }, byRank);
    const lastTwo = await paginate(
      items(),
      { last: 2, after: cursors[3], before: cursors[10] },
      byRank,
    );

    expect(between.nodes.map((node) => node.id)).toEqual(ids.slice(4, 10));
    expect(lastTwo.nodes.map((node) => node.id)).toEqual(ids.slice(8, 10));
    expect(lastTwo.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('rejects a cursor from another query or another ordering', async () => {
    const page = await paginate(items(), { first: 2 }, byRank);
    const cursor = page.pageInfo.endCursor!;
    const otherList: Options = { ...byRank, queryKey: 'others' };
    const otherOrder: Options = {
      queryKey: 'items',
      orderBy: [{ column: 'item.rank', direction: 'DESC' }],
    };

    await expect(paginate(items(), { first: 2, after: cursor }, otherList)).rejects.toThrow(
      BadUserInputError,
    );
    await expect(paginate(items(), { last: 2, before: cursor }, otherOrder)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { fields: [{ path: 'before', message: expect.any(String) }] },
    });
    await expect(paginate(items(), { after: 'garbage!' }, byRank)).rejects.toThrow(
      BadUserInputError,
    );
  });

  it('counts every filtered row, and pages correctly under a filter with OR', async () => {
    const filtered = () =>
      items().where('item.rank = :zero OR item.rank = :three', { zero: 0, three: 3 });
    const expected = await expectedIds('rank ASC, id ASC', 'rank = 0 OR rank = 3');

    const page = await paginate(filtered(), { first: 2 }, byRank);

    expect(await countOf(page)).toBe(expected.length);
    expect(await countOf(page)).toBeLessThan(23);
    expect(await walk('forward', byRank, 2, filtered)).toEqual(expected);
    expect(await walk('backward', byRank, 2, filtered)).toEqual(expected);
  });

  it('leaves the caller’s query builder as it was', async () => {
    const query = items().where('item.rank = :rank', { rank: 1 }).orderBy('item.name');
    const sql = query.getQuery();
    const page = await paginate(query, { first: 1 }, byRank);

    await paginate(query, { first: 1, after: page.pageInfo.endCursor! }, byRank);

    expect(query.getQuery()).toBe(sql);
  });

  it('uses 50 rows when neither first nor last is given, and refuses more than 100', async () => {
    await dataSource.query(`
      INSERT INTO item (name, rank, created_at)
      SELECT 'bulk ' || n, 10, now() FROM generate_series(1, 60) AS n`);
    const bulk = () => items().where('item.rank = 10');
    try {
      const page = await paginate(bulk(), {}, byRank);

      expect(page.nodes).toHaveLength(50);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(await countOf(page)).toBe(60);
      await expect(paginate(bulk(), { first: 101 }, byRank)).rejects.toThrow(BadUserInputError);
      await expect(paginate(bulk(), { first: 1, last: 1 }, byRank)).rejects.toThrow(
        BadUserInputError,
      );
    } finally {
      await dataSource.query('DELETE FROM item WHERE rank = 10');
    }
  });
});

describe('ConnectionArgs validation', () => {
  const errors = async (plain: object) =>
    (await validate(plainToInstance(ConnectionArgs, plain))).map((error) => error.property);

  it('accepts sizes from 0 to 100 and cursors', async () => {
    expect(await errors({})).toEqual([]);
    expect(await errors({ first: 0, after: 'abc' })).toEqual([]);
    expect(await errors({ last: 100, before: 'abc' })).toEqual([]);
  });

  it('rejects first or last above 100, below 0 or fractional', async () => {
    expect(await errors({ first: 101 })).toEqual(['first']);
    expect(await errors({ last: 101 })).toEqual(['last']);
    expect(await errors({ first: -1 })).toEqual(['first']);
    expect(await errors({ first: 1.5 })).toEqual(['first']);
  });

  it('rejects first and last together', async () => {
    expect(await errors({ first: 1, last: 1 })).toEqual(['last']);
  });
});
