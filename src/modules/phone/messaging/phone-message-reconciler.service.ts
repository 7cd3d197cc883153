import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { queueConfig } from '@/config/configuration';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueProbe } from '@/messaging/queue-probe.service';
import { QueueName } from '@/messaging/queue-names';
import { PhoneMessageRepository, WaitingPhoneMessage } from './phone-message.repository';

/** Messages looked at per run. */
const BATCH = 500;

/**
 * Re-sends the job of a text message the queue lost (Redis restarted empty
 * or flushed after the relay published it): an outbound message still
 * QUEUED or SENDING, or an inbound one still RECEIVED (its answer not yet
 * begun), for longer than RECONCILE_GRACE_MS, whose job the queue no longer
 * holds or which ended without ending the row (failed for good after
 * stalling). With the row locked and still on the same job, a new job goes
 * through the outbox and the row records it, so each lost job is re-sent
 * once, at most RECONCILE_MAX_REQUEUES times per message; then the message
 * ends FAILED with the reason. Sending is
 * idempotent (TwilioMessenger.deliver: a SENDING message is looked up at
 * Twilio before it is sent again), so a re-sent job never doubles a message.
 */
@Injectable()
export class PhoneMessageReconciler {
  private readonly logger = new Logger(PhoneMessageReconciler.name);

  constructor(
    private readonly messages: PhoneMessageRepository,
    private readonly probe: QueueProbe,
    private readonly outbox: OutboxService,
    private readonly transactions: TransactionService,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {}

  async reconcile(): Promise<{ checked: number; resent: number; failed: number }> {
    const waiting = await this.messages.waiting(this.config.reconcileGraceMs, BATCH);
    const ended = await this.probe.ended(
      QueueName.PhoneMessages,
      waiting.map((message) => message.jobId),
    );
    let resent = 0;
    let failed = 0;
    for (const message of waiting) {
      const state = ended.get(message.jobId)?.state;
      // Still in the queue (waiting, delayed, running): its job will end it.
      if (!state) continue;
      const outcome = await this.resend(message, this.config.reconcileMaxRequeues);
      if (outcome === 'resent') resent += 1;
      if (outcome === 'failed') failed += 1;
    }
    if (resent > 0) this.logger.warn(`re-sent ${resent} SMS job(s) the queue had lost`);
    if (failed > 0) this.logger.warn(`gave up on ${failed} SMS message(s) whose jobs kept ending`);
    return { checked: waiting.length, resent, failed };
  }

  /**
   * With the row locked and still on the same job: a new job (the queue
   * lost it, or it failed for good without ending the row — a worker killed
   * more often than BullMQ tolerates), or FAILED once it was re-sent
   * RECONCILE_MAX_REQUEUES times.
   */
  private resend(
    message: WaitingPhoneMessage,
    maxRequeues: number,
  ): Promise<'resent' | 'failed' | 'skipped'> {
    return this.transactions.run(async (transaction) => {
      const locked = await this.messages.lock(
        transaction.manager,
        message.organizationId,
        message.id,
      );
      if (!locked || locked.jobId !== message.jobId) return 'skipped';
      if (!['RECEIVED', 'QUEUED', 'SENDING'].includes(locked.status)) return 'skipped';
      if (locked.requeues >= maxRequeues) {
        await this.messages.update(
          locked.organizationId,
          locked.id,
          {
            status: 'FAILED',
            error: `its queue job ended ${locked.requeues + 1} times without sending it; given up`,
          },
          transaction.manager,
        );
        return 'failed';
      }
      const payload = { organizationId: locked.organizationId, messageId: locked.id };
      const jobId = await this.outbox.enqueueJob(
        transaction,
        locked.organizationId,
        locked.direction === 'INBOUND'
          ? { queue: QueueName.PhoneMessages, name: 'answer-sms', payload }
          : { queue: QueueName.PhoneMessages, name: 'send-message', payload },
      );
      await this.messages.requeued(transaction.manager, locked.organizationId, locked.id, jobId);
      return 'resent';
    });
  }
}
