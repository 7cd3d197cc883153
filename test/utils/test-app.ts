import { INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApiApplication, createWorkerContext } from '@/bootstrap';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Runs `create` with extra environment variables, restoring the environment
 * afterwards. Configuration is read while the application is created, so the
 * overrides stick to that application only.
 */
async function withEnvironment<T>(
  env: Record<string, string | undefined>,
  create: () => Promise<T>,
): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await create();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** An api instance on a random local port, built exactly as `src/main.ts` builds it. */
export async function startApi(
  options: { env?: Record<string, string | undefined>; withWorker?: boolean } = {},
): Promise<TestApp> {
  const app = await withEnvironment(options.env ?? {}, async () => {
    const created = await createApiApplication({ withWorker: options.withWorker, logger: false });
    await created.listen(0, '127.0.0.1');
    return created;
  });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** A worker process's application context (processors, schedules, relay; no HTTP). */
export function startWorker(
  options: { env?: Record<string, string | undefined> } = {},
): Promise<INestApplicationContext> {
  return withEnvironment(options.env ?? {}, () => createWorkerContext({ logger: false }));
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
