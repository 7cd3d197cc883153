import { Column, Entity, Index, Unique } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

export type PhoneMessageDirection = 'INBOUND' | 'OUTBOUND';

/**
 * Where a message stands.
 * - Inbound: RECEIVED (its answer job waits), ANSWERING (the assistant runs),
 *   ANSWERED, FAILED.
 * - Outbound: QUEUED (its send job waits), SENDING (the request to Twilio
 *   may have gone out), SENT, FAILED (with `error`), REFUSED (never sent: the
 *   recipient opted out; no request was made).
 */
export type PhoneMessageStatus =
  'RECEIVED' | 'ANSWERING' | 'ANSWERED' | 'QUEUED' | 'SENDING' | 'SENT' | 'FAILED' | 'REFUSED';

/**
 * One text message to or from one of the organization's numbers. A message
 * that is a PIN is never recorded here (nor anywhere else).
 */
@Entity('phone_message')
@Index('phone_message_inbound_sid_key', ['organizationId', 'twilioSid'], {
  unique: true,
  where: `direction = 'INBOUND'`,
})
@Index('phone_message_pending_idx', ['status', 'updatedAt'])
@Index('phone_message_created_idx', ['createdAt'])
@Unique('phone_message_organization_id_key', ['organizationId', 'id'])
// One message per idempotency key: a sender that asks again (an automation's
// SEND_SMS step performed again after a crash) gets the message it queued.
@Index('phone_message_idempotency_key', ['organizationId', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
export class PhoneMessage extends TenantEntity {
  @Column({ type: 'text' })
  direction: PhoneMessageDirection;

  @Column({ type: 'text' })
  status: PhoneMessageStatus;

  /** E.164 of the sender (outbound: the organization's number). */
  @Column({ type: 'text' })
  fromNumber: string;

  /** E.164 of the recipient (inbound: the organization's number). */
  @Column({ type: 'text' })
  toNumber: string;

  @Column({ type: 'text' })
  body: string;

  /** The member who texted (inbound), or whom the answer is for. */
  @Column('uuid', { nullable: true })
  userId: string | null;

  /** Twilio's SID: MessageSid of an inbound message, the SM… of a sent one. */
  @Column({ type: 'text', nullable: true })
  twilioSid: string | null;

  /** The inbound message an outbound one answers. */
  @Column('uuid', { nullable: true })
  inReplyToId: string | null;

  /** The answer given in the webhook's TwiML (built-in planner), repeated to a retried webhook. */
  @Column({ type: 'text', nullable: true })
  reply: string | null;

  /**
   * The sender's key for "this message, once" (an automation step:
   * `automation:<run id>:<step index>`); set on queued messages only, so a
   * refused one may be asked for again.
   */
  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** The current queue job (its outbox event id), for the reconciler. */
  @Column('uuid', { nullable: true })
  jobId: string | null;

  /** Times the reconciler re-sent a lost job. */
  @Column({ type: 'int', default: 0 })
  requeues: number;

  /** Requests made to Twilio for this message. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** When the (last) request to Twilio began. */
  @Column({ type: 'timestamptz', nullable: true })
  sendingAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @References('User', 'user_id', 'SET NULL')
  readonly userFk?: never;

  @SameOrganization('PhoneMessage', 'in_reply_to_id', 'SET NULL')
  readonly inReplyToFk?: never;
}
