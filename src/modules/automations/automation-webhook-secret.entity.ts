import { Column, Entity, Index } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/**
 * The Standard Webhooks signing secret (`whsec_…`) of one automation's
 * CALL_WEBHOOK steps, sealed by SecretBox (context: organization, automation).
 * Shown once, by `rotateAutomationWebhookSecret`; after a rotation the
 * previous secret keeps signing, next to the new one, until
 * `previousValidUntil` (AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS).
 */
@Entity('automation_webhook_secret')
@Index('automation_webhook_secret_automation_key', ['organizationId', 'automationId'], {
  unique: true,
})
export class AutomationWebhookSecret extends TenantEntity {
  @Column('uuid')
  automationId: string;

  @SameOrganization('Automation', 'automation_id', 'CASCADE')
  readonly automationFk?: never;

  @Column({ type: 'text' })
  secretSealed: string;

  /** The secret before the last rotation, still signing until `previousValidUntil`. */
  @Column({ type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousValidUntil: Date | null;

  @Column({ type: 'timestamptz' })
  rotatedAt: Date;
}
