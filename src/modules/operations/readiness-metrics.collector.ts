import { Injectable, OnModuleInit } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { MetricsService } from '@/observability/metrics.service';
import { ReadinessIndicators } from './health.indicators';

/** Whether one readiness check's result says its dependency is up. */
function isUp(result: HealthIndicatorResult): boolean {
  return Object.values(result).every((detail) => detail.status === 'up');
}

/**
 * /health/ready as a metric: the same round-trips (PostgreSQL, Redis, the
 * queue backend), run when /metrics is scraped, 1 for a check that passed
 * and 0 for one that failed.
 */
@Injectable()
export class ReadinessMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  onModuleInit(): void {
    this.metrics.registerCollectedGauge(
      'switchboard_readiness_check_up',
      'Readiness checks of this instance (as /health/ready): 1 up, 0 down',
      ['check'],
      async (gauge) => {
        const [database, redis, queues] = await Promise.all([
          this.indicators.database(),
          this.indicators.redisPing(),
          this.indicators.queueBackend(),
        ]);
        gauge.set({ check: 'database' }, isUp(database) ? 1 : 0);
        gauge.set({ check: 'redis' }, isUp(redis) ? 1 : 0);
        gauge.set({ check: 'queues' }, isUp(queues) ? 1 : 0);
      },
    );
  }
}
