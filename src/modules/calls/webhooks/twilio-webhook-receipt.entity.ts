import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { References } from '@/database/references';

/**
 * Twilio webhooks already applied, by idempotency key (Twilio's
 * I-Twilio-Idempotency-Token, else CallSid + status or recording). Written in
 * the transaction that applies the webhook, so a retry of one that failed is
 * applied, and a retry of one that succeeded is not applied twice.
 */
@Entity('twilio_webhook_receipt')
export class TwilioWebhookReceipt {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @References('Organization', 'organization_id', 'CASCADE')
  readonly organizationFk?: never;
}
