// Global setup runs outside jest's module mapper: resolve the @/ alias here.
import 'tsconfig-paths/register';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '@/database/database-options';
import { runMigrationsLocked } from '@/database/migrations-runner';
import { startSmtpCatcher } from './smtp-catcher';
import { createDatabase, TEST_REDIS_URL, uniqueName } from './test-database';

/** A port free right now on 127.0.0.1, for a fake started later in the run. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * One fresh database per run, migrated exactly as production is, and a local
 * SMTP server catching the run's mail; the run's settings go to process.env,
 * which every test inherits (the test worker is started after this runs).
 */
export default async function globalSetup(): Promise<void> {
  const name = uniqueName('switchboard_e2e');
  const url = await createDatabase(name);
  const dataSource = await new DataSource(
    databaseOptions({ url, poolSize: 2, logging: false }),
  ).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const mailDir = join(dataDir, 'mail');
  const smtp = await startSmtpCatcher(mailDir);
  // The Slack fake (test/fakes/slack.fake.ts) listens here, and only here is
  // the outbound guard told to let a local address through.
  const slackPort = await freePort();
  (globalThis as { switchboardSmtpCatcher?: typeof smtp }).switchboardSmtpCatcher = smtp;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    E2E_DATABASE_NAME: name,
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `sbt${randomBytes(4).toString('hex')}`,
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    E2E_MAIL_DIR: mailDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    OUTBOX_POLL_INTERVAL_MS: '100',
    // Every spec registers its people from 127.0.0.1; rate-limit specs lower it.
    PUBLIC_ACTIONS_MAX_PER_IP: '1000000',
    // Sign-ins too: all files share one Redis prefix, so the default 30 per IP
    // per 15 minutes ran out mid-suite for whichever files signed in last
    // (seed, web-example); login-limits and identity specs set their own.
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    E2E_SLACK_FAKE_PORT: String(slackPort),
    OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${slackPort}`,
    // Likewise the API-wide limits: rate-limits.e2e-spec.ts starts its own apps with low ones.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
  });
}
