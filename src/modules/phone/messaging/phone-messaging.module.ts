import { Module } from '@nestjs/common';
import { PhoneMessageReconciler } from './phone-message-reconciler.service';
import { PhoneMessageRepository } from './phone-message.repository';
import { TwilioMessenger } from './twilio-messenger.service';

const EXPORTED = [TwilioMessenger, PhoneMessageRepository, PhoneMessageReconciler];

/**
 * Outbound text messages: TwilioMessenger (every SMS the organization sends
 * goes through it), the message and opt-out records, the lost-job
 * reconciler. Automations' SEND_SMS imports it.
 */
@Module({ providers: EXPORTED, exports: EXPORTED })
export class PhoneMessagingModule {}
