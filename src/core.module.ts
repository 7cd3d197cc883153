import { Module } from '@nestjs/common';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { PubSubModule } from './graphql/pubsub/pubsub.module';
import { LoggingModule } from './observability/logging.module';
import { MetricsModule } from './observability/observability.module';
import { QueueModule } from './queue/queue.module';

/** What the api and the worker both stand on: config, logs, metrics, database, pub/sub, queues. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    PubSubModule,
    QueueModule,
  ],
})
export class CoreModule {}
