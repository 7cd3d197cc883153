import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig, queueConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { EndedMessage, QueueProbe, ReconcileResult } from '@/messaging/queue-probe.service';
import { QueueName } from '@/messaging/queue-names';
import { ScoreStatus } from '../calls.enums';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { ScoringJobRepository, WaitingScoringJob } from './scoring-job.repository';

/**
 * Finishes scoring jobs the queue can no longer finish. A job QUEUED or
 * RUNNING for longer than RECONCILE_GRACE_MS whose message the relay
 * published but the queue no longer holds — lost (Redis restarted empty,
 * flushed, failed over), failed for good (stalled more often than BullMQ
 * allows, or its last failure could not be recorded while PostgreSQL was
 * down) or completed without the job ending — is, with its row locked:
 *
 * - sent again through the outbox (a new outbox event, so a new BullMQ job
 *   id; the row's message id changes in the same transaction, so each lost
 *   message is re-sent once however many reconcilers run), QUEUED again,
 *   its call QUEUED — unless
 * - it has used up its attempts (CALL_SCORING_MAX_ATTEMPTS) or its
 *   re-sends (RECONCILE_MAX_REQUEUES): then it ends FAILED with the reason,
 *   and so does its call.
 *
 * Scoring is idempotent (one score per call and scorecard version, a
 * COMPLETED job is skipped), so a message re-sent while an old one still
 * ran scores the call once.
 */
@Injectable()
export class ScoringReconciler {
  private readonly logger = new Logger(ScoringReconciler.name);

  constructor(
    private readonly jobs: ScoringJobRepository,
    private readonly probe: QueueProbe,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    private readonly tenants: TenantScope,
    private readonly events: CallEvents,
    @Inject(queueConfig.KEY) private readonly queue: ConfigType<typeof queueConfig>,
    @Inject(callsConfig.KEY) private readonly calls: ConfigType<typeof callsConfig>,
  ) {}

  async reconcile(): Promise<ReconcileResult> {
    const result = await this.probe.settleEnded(
      QueueName.CallScoring,
      (pageSize, after: WaitingScoringJob | undefined) =>
        this.jobs.waitingOnQueue(this.queue.reconcileGraceMs, pageSize, after),
      (row, end) => this.settle(row, end),
    );
    if (result.requeued || result.failed) {
      this.logger.warn(
        `scoring jobs whose queue message had ended: ${result.requeued} re-sent, ${result.failed} FAILED`,
      );
    }
    return result;
  }

  /** One job, in its own transaction; undefined when someone else moved it first. */
  private settle(
    row: WaitingScoringJob,
    end: EndedMessage,
  ): Promise<'requeued' | 'failed' | undefined> {
    return this.transactions.run(async (transaction) => {
      const job = await this.jobs.lockWaiting(transaction.manager, row.id, row.messageId);
      if (!job) return undefined;
      const reason = this.giveUpReason(job, end);
      if (reason) {
        await this.jobs.failed(transaction.manager, job.id, reason);
        await this.setCallStatus(transaction, job, ScoreStatus.FAILED);
        return 'failed';
      }
      const messageId = await this.outbox.enqueueJob(transaction, job.organizationId, {
        queue: QueueName.CallScoring,
        name: 'score-call',
        payload: {
          organizationId: job.organizationId,
          callId: job.callId,
          scorecardId: job.scorecardId,
          scorecardVersion: job.scorecardVersion,
          ...(job.background ? { background: true } : {}),
        },
      });
      await this.jobs.requeued(transaction.manager, job.id, messageId);
      await this.setCallStatus(transaction, job, ScoreStatus.QUEUED);
      return 'requeued';
    });
  }

  /** Why the job ends FAILED rather than being sent again; null: send it again. */
  private giveUpReason(job: WaitingScoringJob, end: EndedMessage): string | null {
    const what =
      end.state === 'failed'
        ? `its queue job failed for good (${end.failedReason ?? 'no reason given'})`
        : end.state === 'completed'
          ? 'its queue job completed without scoring it'
          : 'its queue message was lost';
    if (job.attempts >= this.calls.scoringMaxAttempts) {
      return `Scoring failed after ${job.attempts} attempt(s): ${what}`;
    }
    if (job.requeues >= this.queue.reconcileMaxRequeues) {
      return `Scoring failed: ${what}, after ${job.requeues} re-send(s)`;
    }
    return null;
  }

  /** The job's call shows its new state (a SCORED call keeps its score), with a callUpdated event. */
  private async setCallStatus(
    transaction: Transaction,
    job: WaitingScoringJob,
    status: ScoreStatus,
  ): Promise<void> {
    const calls = this.tenants.for(job, transaction.manager).repository(Call);
    const call = await calls.findOneBy({ id: job.callId });
    if (!call || call.scoreStatus === status || call.scoreStatus === ScoreStatus.SCORED) return;
    call.scoreStatus = status;
    await calls.save(call);
    await this.events.updated(transaction, call);
  }
}
