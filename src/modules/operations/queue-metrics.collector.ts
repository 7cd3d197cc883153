import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { MetricsService } from '@/observability/metrics.service';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** Queue depths, read from the queue backend when /metrics is scraped. */
@Injectable()
export class QueueMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics.registerCollectedGauge(
      'switchboard_queue_jobs',
      'Jobs in each queue by state',
      ['queue', 'state'],
      async (gauge) => {
        for (const queue of this.queues.all()) {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) gauge.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    );
  }
}
