import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxRepository } from '@/messaging/outbox/outbox.repository';
import { MetricsService } from '@/observability/metrics.service';

/** The outbox backlog (rows not yet published and the age of the oldest), read from PostgreSQL when /metrics is scraped. */
@Injectable()
export class OutboxMetricsCollector implements OnModuleInit {
  /** The query in flight: both gauges of one scrape share it (they are collected together). */
  private inFlight: ReturnType<OutboxRepository['pendingSummary']> | undefined;

  constructor(
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.registerCollectedGauge(
      'switchboard_outbox_pending_events',
      'Outbox rows not yet published (due, leased or backing off)',
      [],
      async (gauge) => {
        gauge.set((await this.read()).pending);
      },
    );
    this.metrics.registerCollectedGauge(
      'switchboard_outbox_oldest_pending_age_seconds',
      'Age of the oldest unpublished outbox row in seconds (0 when none): the outbox lag',
      [],
      async (gauge) => {
        gauge.set((await this.read()).oldestAgeSeconds);
      },
    );
  }

  private read(): ReturnType<OutboxRepository['pendingSummary']> {
    if (!this.inFlight) {
      this.inFlight = this.outbox.pendingSummary().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }
}
