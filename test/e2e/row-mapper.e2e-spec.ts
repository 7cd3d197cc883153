import 'reflect-metadata';
import {
  AfterLoad,
  Column,
  DataSource,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  SelectQueryBuilder,
} from 'typeorm';
import { reuseQueryText } from '@/database/query-text-cache';
import { rawAndEntities } from '@/database/row-mapper';
import { SnakeNamingStrategy } from '@/database/snake-naming.strategy';
import { createDatabase, dropDatabase, uniqueName } from '../utils/test-database';

// Its own database, so it runs beside any other suite and leaves nothing behind.
const DATABASE = uniqueName('row_mapper');

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

@Entity('owner')
class Owner {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

@Entity('thing')
class Thing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column({ type: 'enum', enum: Colour, enumName: 'colour' })
  colour: Colour;

  @Column('text', { array: true, default: '{}' })
  labels: string[];

  @Column('int', { nullable: true })
  rank: number | null;

  @Column('double precision', { nullable: true })
  weight: number | null;

  @Column('boolean', { default: false })
  done: boolean;

  @Column('jsonb', { nullable: true })
  extra: Record<string, unknown> | null;

  @Column('text', {
    nullable: true,
    transformer: {
      to: (value: string | null) => value,
      from: (value: string | null) => (value === null ? null : value.toUpperCase()),
    },
  })
  code: string | null;

  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;

  owner?: Owner;
}

/** An entity with a load listener: the mapper leaves it to TypeORM. */
@Entity('listened')
class Listened {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  loaded = false;

  @AfterLoad()
  markLoaded(): void {
    this.loaded = true;
  }
}

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = new DataSource({
    type: 'postgres',
    url: await createDatabase(DATABASE),
    entities: [Owner, Thing, Listened],
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: true, // a throwaway database: never anywhere else
  });
  await dataSource.initialize();
  const [alice, bob] = await dataSource
    .getRepository(Owner)
    .save([{ name: 'Alice' }, { name: 'Bob' }]);
  await dataSource.getRepository(Thing).save([
    {
      title: 'a',
      colour: Colour.RED,
      labels: ['x', 'y'],
      rank: 1,
      weight: 1.5,
      done: true,
      extra: { n: 1 },
      code: 'abc',
      ownerId: alice.id,
      dueAt: new Date('2026-01-02T03:04:05.678Z'),
    },
    {
      title: 'b',
      colour: Colour.BLUE,
      labels: [],
      rank: null,
      weight: null,
      extra: null,
      code: null,
      ownerId: null,
    },
    { title: 'c', colour: Colour.RED, labels: ['z'], rank: 3, weight: 0, ownerId: bob.id },
    // An owner id that matches no row: the LEFT JOIN misses.
    { title: 'd', colour: Colour.BLUE, rank: 4, ownerId: '00000000-0000-4000-8000-000000000000' },
  ]);
  await dataSource.getRepository(Listened).save([{ name: 'one' }, { name: 'two' }]);
});

afterAll(async () => {
  await dataSource?.destroy();
  await dropDatabase(DATABASE);
});

const things = (): SelectQueryBuilder<Thing> =>
  dataSource.getRepository(Thing).createQueryBuilder('thing').orderBy('thing.title');

/** The mapper's answer must be TypeORM's own, class and all. */
async function expectSameAsTypeorm<T extends object>(qb: () => SelectQueryBuilder<T>) {
  const ours = await rawAndEntities(qb());
  const theirs = await qb().getRawAndEntities();
  expect(ours.raw).toStrictEqual(theirs.raw);
  expect(ours.entities).toStrictEqual(theirs.entities);
  return ours;
}

describe('rawAndEntities (the connection pages’ row mapper)', () => {
  it('hydrates whole entities exactly as getRawAndEntities does', async () => {
    const { entities } = await expectSameAsTypeorm(things);
    expect(entities.map((thing) => thing.title)).toEqual(['a', 'b', 'c', 'd']);
    expect(entities[0]).toBeInstanceOf(Thing);
    expect(entities[0].dueAt).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(entities[0].code).toBe('ABC'); // the column's transformer ran
    expect(entities[0].labels).toEqual(['x', 'y']);
  });

  it('maps a leftJoinAndMapOne entity when the row has one, and null when the join missed', async () => {
    const { entities } = await expectSameAsTypeorm(() =>
      things()
        .leftJoinAndMapOne('thing.owner', Owner, 'owner', 'owner.id = thing.ownerId')
        .addSelect('CAST(thing.rank AS text)', 'extra_rank'),
    );
    expect(entities[0].owner).toBeInstanceOf(Owner);
    expect(entities[0].owner?.name).toBe('Alice');
    expect(entities[1].owner).toBeNull();
    expect(entities[3].owner).toBeNull();
  });

  it('keeps one entity per primary key when a join repeats rows, as TypeORM does', async () => {
    const { entities, raw } = await expectSameAsTypeorm(() =>
      things().leftJoinAndMapOne('thing.owner', Owner, 'owner', 'TRUE'),
    );
    expect(raw).toHaveLength(8);
    expect(entities).toHaveLength(4);
  });

  it('maps selected columns of the entity and of a joined one, primary keys included', async () => {
    const fallback = jest.spyOn(SelectQueryBuilder.prototype, 'getRawAndEntities');
    const { entities } = await expectSameAsTypeorm(() =>
      things()
        .leftJoinAndMapOne('thing.owner', Owner, 'owner', 'owner.id = thing.ownerId')
        .select(['thing.id', 'thing.title', 'thing.dueAt', 'owner.id', 'owner.name']),
    );
    // Once for the comparison with TypeORM, never for the mapper itself.
    expect(fallback).toHaveBeenCalledTimes(1);
    fallback.mockRestore();
    expect(Object.keys(entities[0]).sort()).toEqual(['dueAt', 'id', 'owner', 'title']);
    expect(entities[0].dueAt).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(Object.keys(entities[0].owner ?? {}).sort()).toEqual(['id', 'name']);
    expect(entities[1].owner).toBeNull();
  });

  it('leaves a partial selection without the primary key, and load listeners, to TypeORM', async () => {
    const fallback = jest.spyOn(SelectQueryBuilder.prototype, 'getRawAndEntities');
    const partial = await expectSameAsTypeorm(() =>
      dataSource
        .getRepository(Thing)
        .createQueryBuilder('thing')
        .orderBy('thing.title')
        .select(['thing.title', 'thing.rank']),
    );
    expect(Object.keys(partial.entities[0]).sort()).toEqual(['rank', 'title']);
    const listened = await expectSameAsTypeorm(() =>
      dataSource.getRepository(Listened).createQueryBuilder('listened').orderBy('listened.name'),
    );
    expect(listened.entities.map((entity) => entity.loaded)).toEqual([true, true]);
    expect(fallback).toHaveBeenCalledTimes(4);
    fallback.mockRestore();
  });

  it('returns nothing for no rows', async () => {
    const { entities, raw } = await expectSameAsTypeorm(() => things().where('FALSE'));
    expect(entities).toEqual([]);
    expect(raw).toEqual([]);
  });
});

describe('reuseQueryText (SQL text by query shape)', () => {
  const titles = async (qb: SelectQueryBuilder<Thing>) =>
    (await reuseQueryText(qb).getMany()).map((thing) => thing.title);

  it('builds the text of a shape once and runs it with each query’s own parameters', async () => {
    const build = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    const byRank = (rank: number) => things().where('thing.rank >= :rank', { rank });
    expect(await titles(byRank(3))).toEqual(['c', 'd']);
    const first = build.mock.calls.length;
    expect(await titles(byRank(1))).toEqual(['a', 'c', 'd']);
    // Outside production each reuse is checked against a fresh build: one call, not more.
    expect(build.mock.calls.length - first).toBe(1);
    build.mockRestore();
  });

  it('expands array parameters of any length into the same text', async () => {
    const byTitles = (list: string[]) => things().where('thing.title IN (:...list)', { list });
    expect(await titles(byTitles(['b']))).toEqual(['b']);
    expect(await titles(byTitles(['a', 'c', 'd']))).toEqual(['a', 'c', 'd']);
  });

  it('keeps shapes apart: other conditions, selections, joins, orders and limits', async () => {
    const variants = [
      things().where('thing.rank >= :rank', { rank: 1 }),
      things().where('thing.rank <= :rank', { rank: 1 }),
      things().where('thing.rank >= :rank', { rank: 1 }).limit(1),
      things().where('thing.rank >= :rank', { rank: 1 }).orderBy('thing.rank', 'DESC'),
      things().where('thing.rank >= :rank', { rank: 1 }).select(['thing.id', 'thing.rank']),
      things()
        .where('thing.rank >= :rank', { rank: 1 })
        .leftJoinAndMapOne('thing.owner', Owner, 'owner', 'owner.id = thing.ownerId'),
      things().where('thing.rank >= :rank', { rank: 1 }).withDeleted(),
    ];
    const texts = variants.map((qb) => reuseQueryText(qb).getQuery());
    expect(new Set(texts).size).toBe(variants.length);
    expect(await titles(things().where('thing.rank <= :rank', { rank: 1 }))).toEqual(['a']);
  });
});
