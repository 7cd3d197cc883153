import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { dropDatabase, TEST_REDIS_URL } from './test-database';

/** Stops the SMTP catcher, drops the run's database and deletes the run's Redis keys (all under its unique prefix). */
export default async function globalTeardown(): Promise<void> {
  const smtp = (globalThis as { switchboardSmtpCatcher?: { close(): Promise<void> } })
    .switchboardSmtpCatcher;
  await smtp?.close();
  const name = process.env.E2E_DATABASE_NAME;
  if (name) await dropDatabase(name);
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (prefix) {
    const redis = new Redis(TEST_REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
  if (process.env.DATA_DIR) rmSync(process.env.DATA_DIR, { recursive: true, force: true });
}
