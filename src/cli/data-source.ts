import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { environment } from '@/config/configuration';
import { databaseOptions } from '@/database/database-options';
import { EmbeddedPostgres } from '@/database/embedded-postgres';
import { ENTITIES } from '@/entities';

/**
 * The data source of the TypeORM CLI (`npm run migration:generate|run|revert`).
 * Same options as the application; with no DATABASE_URL it opens the embedded
 * database under DATA_DIR, exactly as `npm start` would.
 */
async function createDataSource(): Promise<DataSource> {
  const env = environment();
  let url = env.DATABASE_URL;
  if (!url) {
    const embedded = await EmbeddedPostgres.start({
      dataDir: env.DATA_DIR,
      name: 'postgres',
      maxConnections: 4,
    });
    url = embedded.connectionString;
  }
  const dataSource = new DataSource(
    databaseOptions({ url, poolSize: 2, logging: env.DATABASE_LOGGING, entities: ENTITIES }),
  );
  if (!env.DATABASE_URL) {
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      await destroy();
      await EmbeddedPostgres.stopAll();
    };
  }
  return dataSource;
}

export const dataSource = createDataSource();
