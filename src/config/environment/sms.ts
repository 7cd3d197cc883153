import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/**
 * The SMS assistant and outbound text messages: how long a PIN texted to
 * the organization's number unlocks the sender's phone, and how long message
 * records are kept.
 */
export class SmsVariables {
  /** Minutes a correct voice PIN texted to the number unlocks the sender's phone for requests. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1440)
  SMS_UNLOCK_MINUTES = 15;

  /** Days inbound and outbound message records (not opt-outs) are kept before pruning. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  SMS_MESSAGE_RETENTION_DAYS = 90;
}
