import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { databaseConfig, redisConfig, tracingConfig } from '@/config/configuration';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxRepository } from './outbox/outbox.repository';
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
      inject: [redisConfig.KEY, databaseConfig.KEY, tracingConfig.KEY],
      useFactory: queueRootOptions,
    }),
    BullModule.registerQueue(...ALL_QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [QueueRegistry, QueueProbe, OutboxRepository, OutboxRelay, OutboxService],
  exports: [BullModule, QueueRegistry, QueueProbe, OutboxRepository, OutboxService, OutboxRelay],
})
export class QueueModule {}
