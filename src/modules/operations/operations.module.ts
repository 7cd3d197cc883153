import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthRepository } from './database-health.repository';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './health.indicators';
import { MetricsController } from './metrics.controller';
import { QueueMetricsCollector } from './queue-metrics.collector';
import { OutboxMetricsCollector } from './outbox-metrics.collector';
import { ReadinessMetricsCollector } from './readiness-metrics.collector';

/** HTTP endpoints for operators: /health/live, /health/ready, /metrics. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    ReadinessIndicators,
    DatabaseHealthRepository,
    QueueMetricsCollector,
    OutboxMetricsCollector,
    ReadinessMetricsCollector,
  ],
})
export class OperationsModule {}
