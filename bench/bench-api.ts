import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '@/database/database-options';
import { runMigrationsLocked } from '@/database/migrations-runner';
import { startSmtpCatcher } from '../test/utils/smtp-catcher';
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

/** The value at percentile `p` of `sorted` (ascending); NaN when empty. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** A round's latency figures: answers counted, wrong ones, good answers per second, percentiles of the good ones. */
export interface LatencyFigures {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export function latencyFigures(
  samples: Array<{ ms: number; ok: boolean }>,
  seconds: number,
): LatencyFigures {
  const good = samples
    .filter((sample) => sample.ok)
    .map((sample) => sample.ms)
    .sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors: samples.length - good.length,
    rps: good.length / seconds,
    p50: percentile(good, 50),
    p95: percentile(good, 95),
    p99: percentile(good, 99),
  };
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
  // Production requires SMTP_URL, and the factories add members through the
  // invitation mail, which they read from the catcher's directory.
  const mailDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-mail-'));
  const smtp = await startSmtpCatcher(mailDir);
  Object.assign(process.env, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `sbb${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // One benchmark user makes thousands of requests a minute and, in tasks.ts, holds
    // a thousand subscriptions: the per-user limits would measure themselves instead.
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    WS_MAX_SUBSCRIPTIONS_PER_USER: '100000',
    SMTP_URL: smtp.url,
    E2E_MAIL_DIR: mailDir,
    ...env,
  });
  const api = await startApi();
  return {
    api,
    databaseUrl,
    finish: async () => {
      await api.close();
      await smtp.close();
      rmSync(mailDir, { recursive: true, force: true });
      await dropDatabase(name);
    },
  };
}
