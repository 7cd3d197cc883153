import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Viewer } from '@/access/viewer';
import { SecretBox } from '@/common/crypto/secret-box';
import { automationWebhooksConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { Automation } from '../automation.entity';
import { AutomationWebhookSecret } from '../automation-webhook-secret.entity';

/** Standard Webhooks allows 24–64 bytes; 32 random bytes, base64. */
const SECRET_BYTES = 32;
const HOUR_MS = 3_600_000;

const sealContext = (organizationId: string, automationId: string): string =>
  `${organizationId}:automation-webhook:${automationId}`;

/** A new `whsec_` secret in the Standard Webhooks format (base64 of random bytes). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The per-automation signing secrets of CALL_WEBHOOK: created and rotated by
 * `rotateAutomationWebhookSecret` (the plaintext returned once), stored
 * sealed, read back only to sign.
 */
@Injectable()
export class AutomationWebhookSecretsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    @Inject(automationWebhooksConfig.KEY)
    private readonly config: ConfigType<typeof automationWebhooksConfig>,
  ) {}

  /**
   * A new secret for the automation (NOT_FOUND for another organization's):
   * the first call creates it; a later one keeps the current secret signing
   * for AUTOMATION_WEBHOOK_SECRET_OVERLAP_HOURS next to the new one. Audited
   * (without the secret).
   */
  rotate(
    viewer: Viewer,
    automationId: string,
    now = new Date(),
  ): Promise<{ secret: string; previousValidUntil: Date | null }> {
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      // Locks the automation: two rotations at once run one after the other.
      await scope.repository(Automation).get(automationId, 'Automation', 'pessimistic_write');
      const rows = scope.repository(AutomationWebhookSecret);
      const existing = await rows.findOneBy({ automationId });
      const secret = newWebhookSecret();
      const sealed = this.box.encrypt(secret, sealContext(viewer.organizationId, automationId));
      const overlapMs = this.config.secretOverlapHours * HOUR_MS;
      const previousValidUntil =
        existing && overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null;
      const row =
        existing ?? rows.create({ automationId, previousSecretSealed: null, previousValidUntil });
      row.previousSecretSealed = previousValidUntil ? existing!.secretSealed : null;
      row.previousValidUntil = previousValidUntil;
      row.secretSealed = sealed;
      row.rotatedAt = now;
      await rows.save(row);
      await this.audit.record(manager, viewer, {
        action: existing
          ? 'automation.webhook_secret_rotated'
          : 'automation.webhook_secret_created',
        entityType: 'Automation',
        entityId: automationId,
        before: existing ? { rotatedAt: existing.rotatedAt.toISOString() } : null,
        after: {
          rotatedAt: now.toISOString(),
          previousValidUntil: previousValidUntil?.toISOString() ?? null,
        },
      });
      return { secret, previousValidUntil };
    });
  }

  /**
   * The secrets that sign a webhook of the automation at `now`: the current
   * one, then the previous one while its overlap lasts. Empty when the
   * automation has none yet.
   */
  async signingSecrets(
    organizationId: string,
    automationId: string,
    now = new Date(),
  ): Promise<string[]> {
    const row = await this.tenants
      .for({ organizationId })
      .repository(AutomationWebhookSecret)
      .findOneBy({ automationId });
    if (!row) return [];
    const context = sealContext(organizationId, automationId);
    const secrets = [this.box.decrypt(row.secretSealed, context)];
    if (row.previousSecretSealed && row.previousValidUntil && row.previousValidUntil > now) {
      secrets.push(this.box.decrypt(row.previousSecretSealed, context));
    }
    return secrets;
  }
}
