import { Module } from '@nestjs/common';
import { AssistantModule } from '@/modules/assistant/assistant.module';
import { CallsModule } from '@/modules/calls/calls.module';
import { UsersModule } from '@/modules/users/users.module';
import { PhoneMessagingModule } from '../messaging/phone-messaging.module';
import { SmsSessionRepository } from './sms-session.repository';
import { SmsService } from './sms.service';

/** The SMS assistant's core (the webhook's logic and the worker's answers). */
@Module({
  imports: [AssistantModule, CallsModule, UsersModule, PhoneMessagingModule],
  providers: [SmsService, SmsSessionRepository],
  exports: [SmsService, SmsSessionRepository, PhoneMessagingModule],
})
export class SmsModule {}
