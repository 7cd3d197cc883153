import { Column, Entity, Unique } from 'typeorm';
import { References } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/**
 * A sender's phone unlocked for SMS requests to one organization: by a
 * correct voice PIN, until `unlockedUntil` (SMS_UNLOCK_MINUTES). Keeps the
 * assistant conversation id, so the assistant remembers across texts (and
 * across unlocks, while the conversation lives).
 */
@Entity('sms_session')
@Unique('sms_session_organization_phone_key', ['organizationId', 'phone'])
export class SmsSession extends TenantEntity {
  /** E.164 of the sender. */
  @Column({ type: 'text' })
  phone: string;

  @Column('uuid')
  userId: string;

  @Column({ type: 'timestamptz', nullable: true })
  unlockedUntil: Date | null;

  @Column('uuid', { nullable: true })
  conversationId: string | null;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;
}
