import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { SecretBox } from '@/common/crypto/secret-box';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { UpdateFleetSettingsInput } from './dto/fleet-settings.input';
import { FLEET_DEFAULTS, FleetSettings } from './fleet-settings.entity';
import { FleetSettingsRepository } from './fleet-settings.repository';

const slackContext = (organizationId: string): string => `${organizationId}:slack-webhook`;

/** Per-organization fleet settings; an organization that never set them gets FLEET_DEFAULTS. */
@Injectable()
export class FleetSettingsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly rows: FleetSettingsRepository,
  ) {}

  async get(organizationId: string, manager?: EntityManager): Promise<FleetSettings> {
    const settings = this.tenants.for({ organizationId }, manager).repository(FleetSettings);
    return (
      (await settings.findOneBy({})) ??
      settings.create({ ...FLEET_DEFAULTS, slackWebhookSealed: null })
    );
  }

  /**
   * The settings as the `fleetSettings` query shows them: the row is created
   * with the defaults first when the organization has none, since the type's
   * `id` and `createdAt` are non-null (an unsaved default had neither).
   */
  async forViewer(organizationId: string): Promise<FleetSettings> {
    return this.transactions.run(async (transaction) => {
      await this.rows.ensureRow(transaction.manager, organizationId);
      return (await this.tenants
        .for({ organizationId }, transaction.manager)
        .repository(FleetSettings)
        .findOneBy({}))!;
    });
  }

  /** The Slack incoming webhook URL, or null when none is configured. */
  async slackWebhookUrl(organizationId: string): Promise<string | null> {
    const settings = await this.get(organizationId);
    if (!settings.slackWebhookSealed) return null;
    return this.secrets.decrypt(settings.slackWebhookSealed, slackContext(organizationId));
  }

  async update(viewer: Viewer, input: UpdateFleetSettingsInput): Promise<FleetSettings> {
    return this.transactions.run(async (transaction) => {
      const repository = this.tenants.for(viewer, transaction.manager).repository(FleetSettings);
      await this.rows.ensureRow(transaction.manager, viewer.organizationId);
      const settings = (await repository.findOneBy({}))!;
      const before = describe(settings);
      if (input.defaultSpeedLimitKph !== undefined && input.defaultSpeedLimitKph !== null)
        settings.defaultSpeedLimitKph = input.defaultSpeedLimitKph;
      if (input.speedingMinSeconds !== undefined && input.speedingMinSeconds !== null)
        settings.speedingMinSeconds = input.speedingMinSeconds;
      if (input.staleAfterMinutes !== undefined && input.staleAfterMinutes !== null)
        settings.staleAfterMinutes = input.staleAfterMinutes;
      if (input.idleAfterMinutes !== undefined && input.idleAfterMinutes !== null)
        settings.idleAfterMinutes = input.idleAfterMinutes;
      if (input.slackWebhookUrl !== undefined) {
        settings.slackWebhookSealed = input.slackWebhookUrl
          ? this.secrets.encrypt(input.slackWebhookUrl, slackContext(viewer.organizationId))
          : null;
      }
      const saved = await repository.save(settings);
      await this.audit.record(transaction.manager, viewer, {
        action: 'fleet.settings_updated',
        entityType: 'FleetSettings',
        entityId: saved.id,
        before,
        after: describe(saved),
      });
      return saved;
    });
  }
}

function describe(settings: FleetSettings): Record<string, unknown> {
  return {
    defaultSpeedLimitKph: settings.defaultSpeedLimitKph,
    speedingMinSeconds: settings.speedingMinSeconds,
    staleAfterMinutes: settings.staleAfterMinutes,
    idleAfterMinutes: settings.idleAfterMinutes,
    slackWebhookConfigured: Boolean(settings.slackWebhookSealed),
  };
}
