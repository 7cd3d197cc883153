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
 * holds. With the row locked and still on the same job, a new job goes
 * through the outbox and the row records it, so each lost job is re-sent
 * once, at most RECONCILE_MAX_REQUEUES times per message. Sending is
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

  async reconcile(): Promise<{ checked: number; resent: number }> {
    const waiting = await this.messages.waiting(
      this.config.reconcileGraceMs,
      this.config.reconcileMaxRequeues,
      BATCH,
    );
    const ended = await this.probe.ended(
      QueueName.PhoneMessages,
      waiting.map((message) => message.jobId),
    );
    let resent = 0;
    for (const message of waiting) {
      if (ended.get(message.jobId)?.state !== 'missing') continue;
      if (await this.resend(message)) resent += 1;
    }
    if (resent > 0) this.logger.warn(`re-sent ${resent} SMS job(s) the queue had lost`);
    return { checked: waiting.length, resent };
  }

  private resend(message: WaitingPhoneMessage): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const locked = await this.messages.lock(
        transaction.manager,
        message.organizationId,
        message.id,
      );
      if (!locked || locked.jobId !== message.jobId) return false;
      if (!['RECEIVED', 'QUEUED', 'SENDING'].includes(locked.status)) return false;
      const payload = { organizationId: locked.organizationId, messageId: locked.id };
      const jobId = await this.outbox.enqueueJob(
        transaction,
        locked.organizationId,
        locked.direction === 'INBOUND'
          ? { queue: QueueName.PhoneMessages, name: 'answer-sms', payload }
          : { queue: QueueName.PhoneMessages, name: 'send-message', payload },
      );
      await this.messages.requeued(transaction.manager, locked.organizationId, locked.id, jobId);
      return true;
    });
  }
}
