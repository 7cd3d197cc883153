import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { UpdateOrganizationSettingsInput } from './dto/update-organization-settings.input';
import { Organization } from './organization.entity';

/**
 * The active organization's own settings (`updateOrganizationSettings`):
 * always the viewer's organization, never one named in the arguments.
 */
@Injectable()
export class OrganizationSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** Whether the organization's call transcripts are redacted (true unless switched off). */
  async redactsTranscripts(
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const row = await manager.findOne(Organization, {
      where: { id: organizationId },
      select: { id: true, redactTranscripts: true },
    });
    return row?.redactTranscripts ?? true;
  }

  async update(viewer: Viewer, input: UpdateOrganizationSettingsInput): Promise<Organization> {
    return this.transactions.run(async (transaction) => {
      const manager = transaction.manager;
      const organization = await manager.findOne(Organization, {
        where: { id: viewer.organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!organization) throw new NotFoundError('Organization', viewer.organizationId);
      const before = { redactTranscripts: organization.redactTranscripts };
      if (input.redactTranscripts !== undefined && input.redactTranscripts !== null) {
        organization.redactTranscripts = input.redactTranscripts;
      }
      const after = { redactTranscripts: organization.redactTranscripts };
      if (before.redactTranscripts === after.redactTranscripts) return organization;
      const saved = await manager.save(organization);
      await this.audit.record(manager, viewer, {
        action: 'organization.settings_updated',
        entityType: 'Organization',
        entityId: saved.id,
        before,
        after,
      });
      return saved;
    });
  }
}
