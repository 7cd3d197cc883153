import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { AuditEntry } from './audit-entry.entity';
import { auditDiff } from './audit-diff';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** Writes audit entries inside the caller's transaction, so an entry exists exactly when the change does. */
@Injectable()
export class AuditService {
  async record(
    manager: EntityManager,
    actor: Pick<Viewer, 'organizationId' | 'userId' | 'apiKeyId' | 'channel'>,
    record: AuditRecord,
  ): Promise<void> {
    const entry = manager.create(AuditEntry, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      channel: actor.channel ?? null,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      changes: auditDiff(
        (record.before as Record<string, unknown> | null | undefined) ?? null,
        (record.after as Record<string, unknown> | null | undefined) ?? null,
      ),
    });
    await manager.save(entry);
  }
}
