import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Arbitrary constant: every Switchboard process takes this lock before migrating. */
const MIGRATION_LOCK_ID = 4_711_202_611;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several
 * api and worker processes starting together apply each migration once.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) {
        logger.log(
          `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
        );
      }
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
