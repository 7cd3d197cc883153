import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  createPostgresBackend,
  QueueOptions,
  RedisOptions,
  setDefaultBackendFactory,
  Telemetry,
} from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { databaseConfig, redisConfig, tracingConfig } from '@/config/configuration';
import { EmbeddedPostgres } from '@/database/embedded-postgres';
import { redisOptionsFromUrl } from './redis-options';

export type QueueBackendKind = 'redis' | 'postgres' | 'embedded';

export function queueBackendKind(
  redis: ConfigType<typeof redisConfig>,
  database: ConfigType<typeof databaseConfig>,
): QueueBackendKind {
  if (redis.url) return 'redis';
  return database.url ? 'postgres' : 'embedded';
}

const DEFAULT_JOB_OPTIONS: QueueOptions['defaultJobOptions'] = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs stay a day so that a re-published outbox row (same jobId)
  // is recognised as done instead of running twice.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * BullMQ's own OpenTelemetry spans (bullmq-otel) when tracing is on: a
 * producer span per add, a consumer span per job processed, whose parent is
 * the context the job was added in (the job carries it), so a job continues
 * the trace of the change that caused it. None when tracing is off.
 */
export function queueTelemetry(tracing: ConfigType<typeof tracingConfig>): Telemetry | undefined {
  return tracing.enabled ? new BullMQOtel({ tracerName: 'switchboard-bullmq' }) : undefined;
}

/**
 * BullMQ's shared options for this process: Redis when REDIS_URL is set;
 * otherwise BullMQ's PostgreSQL backend, on the app database (schema
 * `bullmq`) or, in embedded mode, on a PGlite instance of its own so that its
 * tables never meet ours.
 */
export async function queueRootOptions(
  redis: ConfigType<typeof redisConfig>,
  database: ConfigType<typeof databaseConfig>,
  tracing: ConfigType<typeof tracingConfig>,
): Promise<QueueOptions> {
  const logger = new Logger('Queues');
  const telemetry = queueTelemetry(tracing);
  const prefix = `${redis.keyPrefix}-bull`;
  const kind = queueBackendKind(redis, database);
  if (kind === 'redis') {
    setDefaultBackendFactory();
    logger.log('BullMQ on Redis');
    const connection: RedisOptions = {
      ...redisOptionsFromUrl(redis.url!),
      maxRetriesPerRequest: null,
    };
    return {
      prefix,
      connection,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
      ...(telemetry ? { telemetry } : {}),
    };
  }
  setDefaultBackendFactory(createPostgresBackend);
  let connectionString = database.url;
  if (!connectionString) {
    const embedded = await EmbeddedPostgres.start({
      dataDir: database.dataDir,
      name: 'queue',
      maxConnections: 96,
    });
    connectionString = embedded.connectionString;
  }
  // pglite-socket ignores the `-c search_path` startup option BullMQ pins its
  // schema with, so on its own PGlite instance BullMQ keeps to `public`.
  const schema = kind === 'embedded' ? 'public' : 'bullmq';
  logger.warn(
    `no REDIS_URL: BullMQ runs on its PostgreSQL backend (${kind === 'embedded' ? 'embedded PGlite' : 'schema "bullmq" of DATABASE_URL'}) and pub/sub is in-memory, so subscriptions reach only this process`,
  );
  const connection = { connectionString, schema, migrate: true, max: 3 };
  return {
    prefix,
    connection: connection as unknown as QueueOptions['connection'],
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
    ...(telemetry ? { telemetry } : {}),
  };
}
