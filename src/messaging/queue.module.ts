import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { databaseConfig, redisConfig } from '@/config/configuration';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxService } from './outbox/outbox.service';
import { queueRootOptions } from './queue-backend';
import { ALL_QUEUE_NAMES } from './queue-names';
import { QueueProbe } from './queue-probe.service';
import { QueueRegistry } from './queue-registry.service';

/** BullMQ (Redis or PostgreSQL backend), every queue, and the transactional outbox. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY, databaseConfig.KEY],
      useFactory: queueRootOptions,
    }),
    BullModule.registerQueue(...ALL_QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [QueueRegistry, QueueProbe, OutboxRelay, OutboxService],
  exports: [BullModule, QueueRegistry, QueueProbe, OutboxService, OutboxRelay],
})
export class QueueModule {}
