import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job } from 'bullmq';
import { queueConfig } from '@/config/configuration';
import { MetricsService } from '@/observability/metrics.service';
import { workerConcurrency } from './worker-concurrency';

/**
 * Base class of every processor: runs as many jobs at once as its queue's
 * configured concurrency (WORKER_CONCURRENCY or the queue's own setting),
 * counts outcomes and times jobs in Prometheus, and logs a failure that has
 * used up its retries, so no job ever fails silently.
 */
export abstract class InstrumentedWorkerHost
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  @Inject(MetricsService) private readonly metrics: MetricsService;
  @Inject(queueConfig.KEY) private readonly queueSettings: ConfigType<typeof queueConfig>;

  /**
   * The Worker exists by now (created at module init by @nestjs/bullmq) and
   * has taken at most one job. A subclass overriding this calls it first.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = workerConcurrency(this.queueSettings, this.worker.name);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.record(job, 'completed');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.record(job, final ? 'failed' : 'retried');
    const message = `job ${job.queueName}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`;
    if (final) this.logger.error(message);
    else this.logger.warn(message);
  }

  /** Stop taking jobs and let active ones finish while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  private record(job: Job, outcome: 'completed' | 'failed' | 'retried'): void {
    this.metrics.jobsProcessed.inc({ queue: job.queueName, name: job.name, outcome });
    if (job.processedOn && job.finishedOn) {
      this.metrics.jobDuration.observe(
        { queue: job.queueName, name: job.name },
        (job.finishedOn - job.processedOn) / 1000,
      );
    }
  }
}
