import { Module } from '@nestjs/common';
import {
  PhoneMessagePruneProcessor,
  PhoneMessageReconcileProcessor,
} from './jobs/phone-message-maintenance.processor';
import { PhoneMessagesProcessor } from './jobs/phone-messages.processor';
import { SmsModule } from './sms.module';

/** The worker side of SMS: sends, Claude answers, the lost-job reconciler, pruning. */
@Module({
  imports: [SmsModule],
  providers: [PhoneMessagesProcessor, PhoneMessageReconcileProcessor, PhoneMessagePruneProcessor],
})
export class SmsJobsModule {}
