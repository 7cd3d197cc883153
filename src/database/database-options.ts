import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { QueryLogger } from './query-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize: number;
  logging: boolean;
  /**
   * The entity classes (normally `ENTITIES` from entities.ts); omitted where
   * only migrations run, so that no entity class is loaded there.
   */
  entities?: DataSourceOptions['entities'];
  /**
   * Set on every pooled connection (PostgreSQL cancels a longer statement
   * with SQLSTATE 57014, and closes a connection idle inside a transaction):
   * one slow query or a forgotten transaction cannot hold the pool. Omitted
   * for migrations, which may legitimately run long.
   */
  timeouts?: { statementMs: number; idleInTransactionMs: number };
}

const MIGRATIONS_ROOT = join(__dirname, '..', '..', 'migrations');

/**
 * The one description of our database, shared by the Nest app, the worker and
 * the migration CLI. `synchronize` is never on: the schema changes only
 * through migrations.
 */
export function databaseOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: [join(MIGRATIONS_ROOT, '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: settings.logging ? 'all' : ['error', 'migration'],
    // Never a query's parameters, not even for a failed one (see QueryLogger).
    logger: new QueryLogger(settings.logging),
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: 10_000,
      application_name: 'switchboard',
      ...(settings.timeouts
        ? {
            statement_timeout: settings.timeouts.statementMs,
            idle_in_transaction_session_timeout: settings.timeouts.idleInTransactionMs,
          }
        : {}),
    },
  };
}
