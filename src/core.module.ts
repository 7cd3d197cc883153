import { Module } from '@nestjs/common';
import { LiveSessionsModule } from './common/auth/live-sessions';
import { CryptoModule } from './common/crypto/crypto.module';
import { OutboundModule } from './common/outbound/outbound.module';
import { RelationSourcesModule } from './common/dataloader/relation-sources';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { PubSubModule } from './graphql/pubsub/pubsub.module';
import { LoggingModule } from './observability/logging.module';
import { MetricsModule } from './observability/observability.module';
import { QueueModule } from './queue/queue.module';

/** What the api and the worker both stand on: config, secrets, the outbound guard, logs, metrics, database, pub/sub, queues. */
@Module({
  imports: [
    AppConfigModule,
    CryptoModule,
    OutboundModule,
    RelationSourcesModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    PubSubModule,
    QueueModule,
    LiveSessionsModule,
  ],
})
export class CoreModule {}
