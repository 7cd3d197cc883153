import { DataSource } from 'typeorm';
import { databaseOptions } from '@/database/database-options';
import { ENTITIES } from '@/entities';
import { createDatabase, dropDatabase, uniqueName } from '../utils/test-database';

describe('migrations', () => {
  const name = uniqueName('switchboard_migrations');
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createDatabase(name);
    dataSource = await new DataSource(
      databaseOptions({ url, poolSize: 2, logging: false, entities: ENTITIES }),
    ).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(name);
  });

  it('apply on an empty database and leave nothing for the entities to change', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('revert completely and apply again', async () => {
    const total = dataSource.migrations.length;
    for (let i = 0; i < total; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    // typeorm_metadata is TypeORM's own bookkeeping, like `migrations`: it
    // records generated-column expressions and TypeORM recreates it before
    // every run or revert once an entity has a generated column.
    const tables: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata')`,
    );
    expect(tables).toEqual([]);
    expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(total);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
