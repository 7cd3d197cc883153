import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { redisConfig } from '@/config/configuration';
import { closeRedis, redisOptionsFromUrl } from '../redis-options';
import { PUB_SUB } from './pubsub.constants';

/** Redis pub/sub whose channels carry our key prefix, so deployments sharing a Redis stay apart. */
class PrefixedRedisPubSub extends RedisPubSub {
  constructor(
    private readonly prefix: string,
    private readonly clients: Redis[],
  ) {
    super({
      publisher: clients[0],
      subscriber: clients[1],
      triggerTransform: (trigger) => `${prefix}:${String(trigger)}`,
    });
  }

  override publish<T>(trigger: string, payload: T): Promise<void> {
    return super.publish(`${this.prefix}:${trigger}`, payload);
  }

  async quit(): Promise<void> {
    await Promise.all(this.clients.map((client) => closeRedis(client)));
  }
}

function createPubSub(config: ConfigType<typeof redisConfig>): PubSubEngine {
  if (!config.url) {
    new Logger('PubSub').log('in-memory pub/sub (no REDIS_URL)');
    return new PubSub();
  }
  const options = { ...redisOptionsFromUrl(config.url), maxRetriesPerRequest: null };
  return new PrefixedRedisPubSub(`${config.keyPrefix}:pubsub`, [
    new Redis(options),
    new Redis(options),
  ]);
}

@Global()
@Module({
  providers: [{ provide: PUB_SUB, inject: [redisConfig.KEY], useFactory: createPubSub }],
  exports: [PUB_SUB],
})
export class PubSubModule implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.pubSub instanceof PrefixedRedisPubSub) await this.pubSub.quit();
  }
}
