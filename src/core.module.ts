import { Module } from '@nestjs/common';
import { LiveSessionsModule } from '@/access/live-sessions';
import { CryptoModule } from '@/common/crypto/crypto.module';
import { OutboundModule } from '@/common/outbound/outbound.module';
import { RelationSourcesModule } from '@/graphql/dataloader/relation-sources';
import { AppConfigModule } from '@/config/config.module';
import { DatabaseModule } from '@/database/database.module';
import { ENTITIES } from './entities';
import { PubSubModule } from '@/messaging/pubsub/pubsub.module';
import { LoggingModule } from '@/observability/logging.module';
import { MetricsModule } from '@/observability/metrics.module';
import { QueueModule } from '@/messaging/queue.module';

/** What the api and the worker both stand on: config, secrets, the outbound guard, logs, metrics, database, pub/sub, queues. */
@Module({
  imports: [
    AppConfigModule,
    CryptoModule,
    OutboundModule,
    RelationSourcesModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule.forRoot(ENTITIES),
    PubSubModule,
    QueueModule,
    LiveSessionsModule,
  ],
})
export class CoreModule {}
