import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { automationRunsConfig, queueConfig } from '@/config/configuration';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueProbe } from '@/messaging/queue-probe.service';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { queuedJobOptions } from '@/messaging/job-priority';
import { enqueueRun } from './automation-run-events';
import { AutomationRunRepository } from './automation-runs.repository';
import { AutomationStepStatus } from './automation.enums';

/** Runs and dispatches looked at per pass. */
const BATCH = 500;
/** Nothing older than this is re-sent: a day-old automation run surprises more than it helps. */
const MAX_AGE_MS = 24 * 3600_000;

/**
 * Re-sends automation jobs the queue lost (Redis restarted empty or
 * flushed after the relay published them), every minute:
 *
 * - `dispatch-event` jobs published in the last day that the queue no
 *   longer holds are added again with their own job id (the outbox row id,
 *   which is the event's key), so the dispatch runs again and creates only
 *   the runs still missing (runs are unique per automation and event).
 * - runs QUEUED for longer than RECONCILE_GRACE_MS (a step waiting for its
 *   retry counts from its next attempt time), or RUNNING untouched past the
 *   run lease (their worker died), get a new `execute-run` job; a second
 *   delivery is harmless (the engine's lease, and succeeded steps never
 *   run again).
 */
@Injectable()
export class AutomationRunsReconciler {
  private readonly logger = new Logger(AutomationRunsReconciler.name);

  constructor(
    private readonly runs: AutomationRunRepository,
    private readonly probe: QueueProbe,
    private readonly queues: QueueRegistry,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
    @Inject(automationRunsConfig.KEY)
    private readonly automationRuns: ConfigType<typeof automationRunsConfig>,
  ) {}

  async reconcile(): Promise<{ dispatches: number; runs: number }> {
    return { dispatches: await this.redispatch(), runs: await this.resendRuns() };
  }

  private async redispatch(): Promise<number> {
    const rows = await this.runs.recentDispatches(this.config.reconcileGraceMs, MAX_AGE_MS, BATCH);
    if (rows.length === 0) return 0;
    const ended = await this.probe.ended(
      QueueName.Automations,
      rows.map((row) => row.id),
    );
    const queue = this.queues.get(QueueName.Automations);
    let resent = 0;
    for (const row of rows) {
      if (ended.get(row.id)?.state !== 'missing') continue;
      await queue.add('dispatch-event', row.payload, {
        jobId: row.id,
        ...queuedJobOptions(
          QueueName.Automations,
          'dispatch-event',
          row.payload,
          this.config.retries,
        ),
      });
      resent += 1;
    }
    if (resent > 0) this.logger.warn(`re-sent ${resent} automation dispatch job(s) the queue lost`);
    return resent;
  }

  private async resendRuns(): Promise<number> {
    const grace = this.config.reconcileGraceMs;
    const lease = this.automationRuns.runLeaseMs;
    const candidates = await this.runs.stalled(Math.min(grace, lease), MAX_AGE_MS, BATCH);
    const now = Date.now();
    let resent = 0;
    for (const run of candidates) {
      const waiting = run.steps.find(
        (step) => step.status === AutomationStepStatus.RETRYING && step.nextAttemptAt,
      );
      if (waiting && new Date(waiting.nextAttemptAt!).getTime() + grace > now) continue;
      if (run.status === 'RUNNING' && run.updatedAt.getTime() > now - lease) continue;
      if (run.status === 'QUEUED' && run.updatedAt.getTime() > now - grace) continue;
      await this.transactions.run((transaction) =>
        enqueueRun(this.outbox, transaction, run.organizationId, run.id),
      );
      resent += 1;
    }
    if (resent > 0) this.logger.warn(`re-sent ${resent} automation run job(s)`);
    return resent;
  }
}
