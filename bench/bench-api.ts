import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/database/database-options';
import { runMigrationsLocked } from '../src/database/migrations-runner';
import { startApi, TestApp } from '../test/utils/test-app';
import {
  createDatabase,
  dropDatabase,
  TEST_REDIS_URL,
  uniqueName,
} from '../test/utils/test-database';

/** Runs a bench script's `main`, exiting 0 when it is done and 1 (with the error) when it fails. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * An api instance on a database of its own (migrated, dropped by `finish`)
 * and a Redis key prefix of its own, configured as the e2e tests are.
 */
export async function startBenchApi(
  label: string,
  env: Record<string, string> = {},
): Promise<{ api: TestApp; databaseUrl: string; finish: () => Promise<void> }> {
  const name = uniqueName(`switchboard_bench_${label}`);
  const databaseUrl = await createDatabase(name);
  const setup = await new DataSource(
    databaseOptions({ url: databaseUrl, poolSize: 2, logging: false }),
  ).initialize();
  await runMigrationsLocked(setup);
  await setup.destroy();
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `sbb${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  const api = await startApi();
  return {
    api,
    databaseUrl,
    finish: async () => {
      await api.close();
      await dropDatabase(name);
    },
  };
}
