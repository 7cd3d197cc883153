// First: the tracing SDK must start before the modules it instruments are loaded.
import './observability/tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { closeGracefullyOnSignals, createApiApplication } from './bootstrap';
import { appConfig, databaseConfig, redisConfig } from '@/config/configuration';

/** The api process; with `--with-worker` (npm start) it also runs the queue processors. */
async function main(): Promise<void> {
  const withWorker = process.argv.includes('--with-worker');
  const app = await createApiApplication({ withWorker });
  closeGracefullyOnSignals(app);
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(config.port, config.host);
  const database = app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY);
  const redis = app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY);
  const mode = database.embedded || !redis.url ? 'embedded' : 'real';
  new Logger('Switchboard').log(
    `api listening on ${await app.getUrl()} (GraphQL at /graphql, ${withWorker ? 'with' : 'without'} worker, ${mode} mode)`,
  );
}

main().catch((error: unknown) => {
  // Configuration errors are already one readable message; print it without a stack.
  console.error(
    error instanceof Error && error.name === 'EnvironmentValidationError' ? error.message : error,
  );
  process.exit(1);
});
