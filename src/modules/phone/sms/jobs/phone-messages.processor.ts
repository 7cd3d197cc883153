import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayloads } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { TwilioMessenger } from '../../messaging/twilio-messenger.service';
import { SmsService } from '../sms.service';

type Payloads = JobPayloads[typeof QueueName.PhoneMessages];

/**
 * The `phone-messages` queue (its only processor): `send-message` sends one
 * outbound SMS (TwilioMessenger.deliver), `answer-sms` runs the Claude
 * planner on an inbound one and texts the answer (SmsService.answer). Both
 * are idempotent on their row's status, so a re-delivered or reconciled job
 * does nothing twice.
 */
@Processor(QueueName.PhoneMessages, RETRY_BUDGET_WORKER_OPTIONS)
export class PhoneMessagesProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly messenger: TwilioMessenger,
    private readonly sms: SmsService,
  ) {
    super();
  }

  protected handle(job: Job): Promise<unknown> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    switch (job.name) {
      case 'send-message': {
        const { organizationId, messageId } = job.data as Payloads['send-message'];
        return this.messenger.deliver(organizationId, messageId, lastAttempt);
      }
      case 'answer-sms': {
        const { organizationId, messageId } = job.data as Payloads['answer-sms'];
        return this.sms.answer(organizationId, messageId, lastAttempt);
      }
      default:
        throw new Error(`unknown phone-messages job "${job.name}"`);
    }
  }
}
