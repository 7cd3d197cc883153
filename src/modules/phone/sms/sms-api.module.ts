import { Module } from '@nestjs/common';
import { SmsModule } from './sms.module';
import { SmsWebhookController } from './sms-webhook.controller';

/** The api side of the SMS assistant: Twilio's incoming-message webhook. */
@Module({ imports: [SmsModule], controllers: [SmsWebhookController] })
export class SmsApiModule {}
