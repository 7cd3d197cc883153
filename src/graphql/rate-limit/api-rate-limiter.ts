import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Viewer } from '@/access/viewer';
import { RateLimitedError } from '@/common/errors/domain-errors';
import { graphqlConfig, redisConfig } from '@/config/configuration';
import { closeRedis, redisOptionsFromUrl } from '@/messaging/redis-options';

const WINDOW_SECONDS = 60;

/** Who a request counts against: its viewer when it has valid credentials, else its client IP. */
export function rateLimitSubject(viewer: Viewer | null | undefined, ip: string): string {
  if (viewer?.kind === 'api-key' && viewer.apiKeyId) return `key:${viewer.apiKeyId}`;
  if (viewer?.userId) return `user:${viewer.userId}`;
  return `ip:${ip}`;
}

/**
 * The GraphQL error a refused request or operation gets: RATE_LIMITED with
 * `retryAfter` (and `retryAfterSeconds`, as the login limits say it) from the
 * domain error; over HTTP also status 429 and a `Retry-After` header (Apollo
 * takes `extensions.http` off the error and applies it to the response).
 */
export function rateLimitedGraphQLError(
  error: RateLimitedError,
  options: { http?: boolean } = {},
): GraphQLError {
  const seconds = String(error.retryAfterSeconds);
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: {
      code: error.code,
      ...error.details,
      ...(options.http
        ? { http: { status: 429, headers: new Map([['retry-after', seconds]]) } }
        : {}),
    },
  });
}

/**
 * API-wide request limits (SPEC §10): every GraphQL request over HTTP and
 * every graphql-ws operation costs one point of its subject's budget per
 * minute — RATE_LIMIT_USER_PER_MINUTE for a signed-in user or an API key,
 * RATE_LIMIT_IP_PER_MINUTE for a caller without valid credentials, by client
 * IP. The counts live in Redis (fixed one-minute windows, shared by every api
 * instance under REDIS_KEY_PREFIX); if Redis cannot answer, each instance
 * falls back to counting in memory rather than refusing or waving everything
 * through. Without REDIS_URL (embedded mode, one process) memory is the store.
 */
@Injectable()
export class ApiRateLimiter implements OnApplicationShutdown {
  private readonly redis: Redis | undefined;
  private readonly perUser: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;

  constructor(
    @Inject(graphqlConfig.KEY) config: ConfigType<typeof graphqlConfig>,
    @Inject(redisConfig.KEY) redis: ConfigType<typeof redisConfig>,
  ) {
    if (redis.url) {
      // No offline queue: while Redis is away, calls fail at once and go to the memory limiter.
      // Auto-pipelining: the counts of the requests admitted in one event-loop turn go to
      // Redis in one write (each still its own command and answer), not one write each.
      this.redis = new Redis({
        ...redisOptionsFromUrl(redis.url),
        enableOfflineQueue: false,
        enableAutoPipelining: true,
      });
      this.redis.on('error', () => undefined);
    }
    const limiter = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({
        keyPrefix: name,
        points,
        duration: WINDOW_SECONDS,
      });
      if (!this.redis) return memory;
      return new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${redis.keyPrefix}:ratelimit:${name}`,
        points,
        duration: WINDOW_SECONDS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
    };
    this.perUser = limiter('viewer', config.rateLimitUserPerMinute);
    this.perIp = limiter('ip', config.rateLimitIpPerMinute);
  }

  /** Spends one point of `subject` (see rateLimitSubject); over the budget throws RateLimitedError. */
  async consume(subject: string): Promise<void> {
    const limiter = subject.startsWith('ip:') ? this.perIp : this.perUser;
    try {
      await limiter.consume(subject);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(
          Math.max(1, rejection.msBeforeNext / 1000),
          'Too many requests, try again later',
        );
      }
      // Neither Redis nor the memory fallback answered: let the request through.
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}

@Module({ providers: [ApiRateLimiter], exports: [ApiRateLimiter] })
export class ApiRateLimitModule {}
