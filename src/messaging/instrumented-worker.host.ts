import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { MetricsService } from '@/observability/metrics.service';

/**
 * Base class of every processor: counts outcomes and times jobs in
 * Prometheus, and logs a failure that has used up its retries, so no job ever
 * fails silently.
 */
export abstract class InstrumentedWorkerHost
  extends WorkerHost
  implements BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  @Inject(MetricsService) private readonly metrics: MetricsService;

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
