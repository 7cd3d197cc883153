import { PhoneMessage } from './messaging/phone-message.entity';
import { SmsOptOut } from './messaging/sms-opt-out.entity';
import { SmsSession } from './sms/sms-session.entity';

export const PHONE_ENTITIES = [PhoneMessage, SmsOptOut, SmsSession];
