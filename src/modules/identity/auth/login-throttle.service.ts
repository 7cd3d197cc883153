import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import Redis from 'ioredis';
import { authConfig, redisConfig } from '@/config/configuration';
import { RateLimitedError } from '@/common/errors/domain-errors';
import { closeRedis, redisOptionsFromUrl } from '@/messaging/redis-options';
import { sha256 } from './tokens.service';

interface Counter {
  increment(key: string, windowSeconds: number): Promise<number>;
  read(key: string): Promise<{ count: number; ttlSeconds: number }>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Shared by every api instance. */
class RedisCounter implements Counter {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowSeconds: number): Promise<number> {
    const [[, count]] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, windowSeconds, 'NX')
      .exec()) as [[Error | null, number], unknown];
    return count;
  }

  async read(key: string): Promise<{ count: number; ttlSeconds: number }> {
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    return { count: Number(count ?? 0), ttlSeconds: Math.max(ttl, 0) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/** Embedded mode is one process, so process memory is the whole truth. */
class MemoryCounter implements Counter {
  private readonly entries = new Map<string, { count: number; expiresAt: number }>();

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  increment(key: string, windowSeconds: number): Promise<number> {
    const entry = this.live(key) ?? { count: 0, expiresAt: Date.now() + windowSeconds * 1000 };
    entry.count += 1;
    this.entries.set(key, entry);
    return Promise.resolve(entry.count);
  }

  read(key: string): Promise<{ count: number; ttlSeconds: number }> {
    const entry = this.live(key);
    return Promise.resolve({
      count: entry?.count ?? 0,
      ttlSeconds: entry ? Math.ceil((entry.expiresAt - Date.now()) / 1000) : 0,
    });
  }

  reset(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Brute-force limits on login: failed attempts per account, and all attempts
 * per client IP, over a sliding window. Every login field in a request counts,
 * so aliasing `login` twenty times in one document costs twenty attempts.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly counter: Counter;

  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    @Inject(redisConfig.KEY) redis: ConfigType<typeof redisConfig>,
  ) {
    this.counter = redis.url
      ? new RedisCounter(
          new Redis({ ...redisOptionsFromUrl(redis.url), keyPrefix: `${redis.keyPrefix}:login:` }),
        )
      : new MemoryCounter();
  }

  private accountKey = (email: string) => `account:${sha256(email.trim().toLowerCase())}`;
  private ipKey = (ip: string) => `ip:${ip}`;

  /**
   * Counts this attempt against the IP and reserves one of the account's
   * failures before the password is checked, in one atomic increment: of any
   * number of parallel attempts, at most the limit reach argon2 (a read before
   * and a write after the check would let them all through). A success gives
   * the reservations back (`recordSuccess`); a failure keeps its own.
   */
  async admit(email: string, ip: string): Promise<void> {
    const attempts = await this.counter.increment(this.ipKey(ip), this.config.loginWindowSeconds);
    if (attempts > this.config.loginMaxAttemptsPerIp) {
      const { ttlSeconds } = await this.counter.read(this.ipKey(ip));
      throw new RateLimitedError(ttlSeconds, 'Too many login attempts, try again later');
    }
    const key = this.accountKey(email);
    const reserved = await this.counter.increment(key, this.config.loginWindowSeconds);
    if (reserved > this.config.loginMaxFailuresPerAccount) {
      const { ttlSeconds } = await this.counter.read(key);
      throw new RateLimitedError(ttlSeconds, 'Too many login attempts, try again later');
    }
  }

  /**
   * The unauthenticated actions that create accounts or spend tokens
   * (`register`, `verifyEmail`, `acceptInvite`): each counts against its
   * client IP, PUBLIC_ACTIONS_MAX_PER_IP per LOGIN_WINDOW_MINUTES, per action.
   */
  async admitPublicAction(action: string, ip: string): Promise<void> {
    const key = `public:${action}:${ip}`;
    const count = await this.counter.increment(key, this.config.loginWindowSeconds);
    if (count > this.config.publicActionsMaxPerIp) {
      const { ttlSeconds } = await this.counter.read(key);
      throw new RateLimitedError(ttlSeconds, `Too many ${action} attempts, try again later`);
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.counter.reset(this.accountKey(email));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.counter.close();
  }
}
