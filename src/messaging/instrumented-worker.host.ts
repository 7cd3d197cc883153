import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DelayedError, Job } from 'bullmq';
import { queueConfig } from '@/config/configuration';
import { MetricsService } from '@/observability/metrics.service';
import {
  deferDelay,
  organizationOf,
  orgJobLimit,
  OrganizationJobLimiter,
} from './organization-job-limiter';
import { workerConcurrency } from './worker-concurrency';

/**
 * Base class of every processor: runs as many jobs at once as its queue's
 * configured concurrency (WORKER_CONCURRENCY or the queue's own setting),
 * counts outcomes and times jobs in Prometheus, and logs a failure that has
 * used up its retries, so no job ever fails silently.
 *
 * Fairness between tenants: a job whose payload names its `organizationId`
 * runs only while that organization has fewer than its limit of jobs running
 * in this worker (ORG_JOB_CONCURRENCY, see orgJobLimit). Past it, the job
 * goes back to the queue, delayed by about ORG_JOB_DEFER_MS, with BullMQ's
 * documented pattern (`moveToDelayed` with the job's token, then
 * `DelayedError`): it takes no slot, counts no attempt, and the slot takes
 * the next job, another tenant's. Subclasses implement `handle`, not `process`.
 */
export abstract class InstrumentedWorkerHost
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  @Inject(MetricsService) private readonly metrics: MetricsService;
  @Inject(queueConfig.KEY) private readonly queueSettings: ConfigType<typeof queueConfig>;
  /** Jobs running in this worker, by organization. */
  protected readonly organizations = new OrganizationJobLimiter(() =>
    orgJobLimit(this.queueSettings, this.worker.name),
  );

  /** The job's work, once it has a slot its organization may use. */
  protected abstract handle(job: Job, token?: string): Promise<unknown>;

  /**
   * The Worker exists by now (created at module init by @nestjs/bullmq) and
   * has taken at most one job. A subclass overriding this calls it first.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = workerConcurrency(this.queueSettings, this.worker.name);
  }

  /** What the Worker calls: the organization's limit, then `handle`. */
  async process(job: Job, token?: string): Promise<unknown> {
    const organizationId = organizationOf(job);
    if (organizationId === undefined) return this.handle(job, token);
    if (!this.organizations.tryAcquire(organizationId)) {
      if (token === undefined) throw new Error(`job ${job.id} has no lock token to defer with`);
      await job.moveToDelayed(Date.now() + deferDelay(this.queueSettings.orgJobDeferMs), token);
      this.metrics.jobsProcessed.inc({ queue: job.queueName, name: job.name, outcome: 'deferred' });
      throw new DelayedError(
        `organization ${organizationId} has its share of ${job.queueName} running`,
      );
    }
    try {
      return await this.handle(job, token);
    } finally {
      this.organizations.release(organizationId);
    }
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
