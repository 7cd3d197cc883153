import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { redisConfig } from '@/config/configuration';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { closeRedis, redisOptionsFromUrl } from '@/messaging/redis-options';
import { DatabaseHealthRepository } from './database-health.repository';

const CHECK_TIMEOUT_MS = 3000;

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What the public /health/ready shows of a failed check: a fixed sentence.
 * The driver's own text (addresses, ports, user names, SQL) goes to the log.
 */
export const UNAVAILABLE = 'unavailable';

/** Real round-trips to each dependency; readiness fails when any does. */
@Injectable()
export class ReadinessIndicators implements OnApplicationShutdown {
  private readonly redis: Redis | undefined;
  private readonly logger = new Logger('Readiness');

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly databaseHealth: DatabaseHealthRepository,
    private readonly queues: QueueRegistry,
    @Inject(redisConfig.KEY) config: ConfigType<typeof redisConfig>,
  ) {
    if (config.url) {
      this.redis = new Redis({
        ...redisOptionsFromUrl(config.url),
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        connectTimeout: CHECK_TIMEOUT_MS,
        enableOfflineQueue: true,
      });
      this.redis.on('error', () => undefined);
    }
  }

  async database(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('database');
    const started = Date.now();
    try {
      await withTimeout(this.databaseHealth.ping(), 'PostgreSQL');
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return this.down(indicator, error);
    }
  }

  async redisPing(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('redis');
    if (!this.redis) return indicator.up({ configured: false });
    const started = Date.now();
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await withTimeout(this.redis.ping(), 'Redis');
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (error) {
      return this.down(indicator, error);
    }
  }

  async queueBackend(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('queues');
    try {
      await withTimeout(
        this.queues.get(QueueName.Maintenance).getJobCounts('waiting'),
        'queue backend',
      );
      return indicator.up();
    } catch (error) {
      return this.down(indicator, error);
    }
  }

  private down(
    indicator: ReturnType<HealthIndicatorService['check']>,
    error: unknown,
  ): HealthIndicatorResult {
    this.logger.warn(`readiness check failed: ${reason(error)}`);
    return indicator.down({ message: UNAVAILABLE });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}
