import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * How long a scrape waits for one collected gauge's source (Redis,
 * PostgreSQL) before leaving that gauge out: under Prometheus' default
 * 10 s scrape timeout, so one dead dependency never costs the whole scrape.
 */
const COLLECT_TIMEOUT_MS = 5000;

/** `work`, or a rejection once `ms` have passed. */
async function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Prometheus metrics of this process. One registry per application instance. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');

  readonly httpRequestDuration = new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly graphqlOperationDuration = new Histogram({
    name: 'switchboard_graphql_operation_duration_seconds',
    help: 'GraphQL operation duration by operation name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: 'switchboard_websocket_connections',
    help: 'Open graphql-ws connections',
    registers: [this.registry],
  });

  readonly graphqlSubscriptions = new Gauge({
    name: 'switchboard_graphql_subscriptions',
    help: 'Active GraphQL subscriptions over graphql-ws on this instance',
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'switchboard_queue_jobs_processed_total',
    help: 'Jobs finished by this process, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'switchboard_queue_job_duration_seconds',
    help: 'Job processing time by queue and job name',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'switchboard_outbox_published_total',
    help: 'Outbox events published by this process',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /**
   * A gauge whose value is read at scrape time (queue depths, pool sizes).
   * When its source fails or does not answer within COLLECT_TIMEOUT_MS the
   * gauge has no samples in that scrape (and a warning is logged); the rest
   * of /metrics is served as usual.
   */
  registerCollectedGauge(
    name: string,
    help: string,
    labelNames: string[],
    collect: (gauge: Gauge<string>) => Promise<void>,
  ): void {
    if (this.registry.getSingleMetric(name)) return;
    const logger = this.logger;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          await withinMs(collect(this), COLLECT_TIMEOUT_MS);
        } catch (error) {
          this.reset();
          logger.warn(
            `${name} not collected: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
