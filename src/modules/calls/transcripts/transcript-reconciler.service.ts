import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { queueConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { EndedMessage, QueueProbe, ReconcileResult } from '@/messaging/queue-probe.service';
import { QueueName } from '@/messaging/queue-names';
import { CallTranscriptStatus } from '../calls.enums';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { CallRepository, WaitingTranscript } from '../calls/call.repository';
import { TranscriptRequests } from './transcript-requests.service';

/**
 * Finishes transcript jobs the queue can no longer finish (modelled on
 * ScoringReconciler). A call PENDING or REQUESTED for longer than
 * RECONCILE_GRACE_MS whose `call-transcripts` message the relay published
 * but the queue no longer holds — lost (Redis restarted empty, flushed,
 * failed over), failed for good (its retries ran out) or completed without
 * moving the call on — is, with its row locked and still waiting on that
 * message, sent a new message through the outbox (one re-send per lost
 * message however many reconcilers run), or, after RECONCILE_MAX_REQUEUES
 * re-sends, its transcript ends FAILED with the reason. The runner is
 * idempotent, so a re-sent job never transcribes or scores a call twice.
 */
@Injectable()
export class TranscriptReconciler {
  private readonly logger = new Logger(TranscriptReconciler.name);

  constructor(
    private readonly calls: CallRepository,
    private readonly probe: QueueProbe,
    private readonly requests: TranscriptRequests,
    private readonly transactions: TransactionService,
    private readonly tenants: TenantScope,
    private readonly events: CallEvents,
    @Inject(queueConfig.KEY) private readonly queue: ConfigType<typeof queueConfig>,
  ) {}

  async reconcile(): Promise<ReconcileResult> {
    const result = await this.probe.settleEnded(
      QueueName.CallTranscripts,
      (pageSize, after: WaitingTranscript | undefined) =>
        this.calls.waitingOnTranscriptQueue(this.queue.reconcileGraceMs, pageSize, after),
      (row, end) => this.settle(row, end),
    );
    if (result.requeued || result.failed) {
      this.logger.warn(
        `transcript jobs whose queue message had ended: ${result.requeued} re-sent, ${result.failed} FAILED`,
      );
    }
    return result;
  }

  /** One call, in its own transaction; undefined when someone else moved it first. */
  private settle(
    row: WaitingTranscript,
    end: EndedMessage,
  ): Promise<'requeued' | 'failed' | undefined> {
    return this.transactions.run(async (transaction) => {
      const calls = this.tenants.for(row, transaction.manager).repository(Call);
      const call = await calls
        .createQueryBuilder('call')
        .andWhere('call.id = :id', { id: row.id })
        .andWhere('call.transcriptStatus IN (:...waiting)', {
          waiting: [CallTranscriptStatus.PENDING, CallTranscriptStatus.REQUESTED],
        })
        .andWhere('call.transcriptMessageId IS NOT DISTINCT FROM :messageId', {
          messageId: row.messageId,
        })
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!call) return undefined;
      const what =
        end.state === 'failed'
          ? `its queue job failed for good (${end.failedReason ?? 'no reason given'})`
          : end.state === 'completed'
            ? 'its queue job completed without moving it on'
            : 'its queue message was lost';
      if (call.transcriptRequeues >= this.queue.reconcileMaxRequeues) {
        call.transcriptStatus = CallTranscriptStatus.FAILED;
        call.transcriptError = `The transcript could not be completed: ${what}, after ${call.transcriptRequeues} re-send(s)`;
        call.transcriptMessageId = null;
        call.transcriptChangedAt = new Date();
        await calls.save(call);
        await this.events.updated(transaction, call);
        return 'failed';
      }
      call.transcriptRequeues += 1;
      await this.requests.send(transaction, call);
      await calls.save(call);
      return 'requeued';
    });
  }
}
