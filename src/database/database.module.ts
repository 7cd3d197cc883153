import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '@/config/configuration';
import { EMBEDDED_DATABASE_POOL_SIZE } from '@/config/environment';
import { databaseOptions } from './database-options';
import { EmbeddedPostgres } from './embedded-postgres';
import { runMigrationsLocked } from './migrations-runner';
import { NamedStatements } from './named-statement';
import { TenantScope } from './tenant-scope';
import { TransactionService } from './transaction.service';

/** Connections pglite-socket accepts; our pool stays well inside it. */
const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * The database for every process. It knows no domain: the composition root
 * passes the entity list (`src/entities.ts`).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [typeOrm(entities)],
      providers: [TransactionService, TenantScope, NamedStatements],
      exports: [TransactionService, TenantScope, NamedStatements],
    };
  }
}

function typeOrm(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [databaseConfig.KEY],
    useFactory: async (config: ConfigType<typeof databaseConfig>) => {
      let url = config.url;
      if (!url) {
        const embedded = await EmbeddedPostgres.start({
          dataDir: config.dataDir,
          name: 'postgres',
          port: config.embeddedPort,
          maxConnections: EMBEDDED_MAX_CONNECTIONS,
        });
        url = embedded.connectionString;
        new Logger('Database').warn(
          `embedded PostgreSQL (PGlite) under ${config.dataDir} — for trying Switchboard, never for production; set DATABASE_URL for real PostgreSQL`,
        );
      }
      return databaseOptions({
        url,
        poolSize: config.embedded ? EMBEDDED_DATABASE_POOL_SIZE : config.poolSize,
        logging: config.logging,
        entities,
        // PGlite (one embedded session) takes no startup settings.
        timeouts: config.embedded
          ? undefined
          : {
              statementMs: config.statementTimeoutMs,
              idleInTransactionMs: config.idleInTransactionTimeoutMs,
            },
      });
    },
    dataSourceFactory: async (options) => {
      if (databaseConfig().runMigrations) {
        // On a connection of their own, without the pool's statement timeout.
        const extra: Record<string, unknown> = {
          ...(options!.extra as Record<string, unknown>),
          max: 2, // one holds the advisory lock, one runs the migrations
        };
        delete extra.statement_timeout;
        delete extra.idle_in_transaction_session_timeout;
        const migrator = await new DataSource({
          ...options!,
          extra,
        }).initialize();
        try {
          await runMigrationsLocked(migrator);
        } finally {
          await migrator.destroy();
        }
      }
      return new DataSource(options!).initialize();
    },
  });
}
