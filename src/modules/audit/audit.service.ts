import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { auditDiff } from './audit-diff';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** One `audit_entry` row (AuditEntry); id and times are the columns' defaults. */
const INSERT_ENTRY: NamedStatement = {
  name: 'audit_entry_insert',
  text: `INSERT INTO audit_entry
           (organization_id, actor_user_id, actor_api_key_id, channel, action, entity_type,
            entity_id, changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
};

/**
 * Writes audit entries inside the caller's transaction, so an entry exists
 * exactly when the change does. Every mutation writes one, so it is one
 * plain INSERT (a named prepared statement on PostgreSQL), not an entity
 * save through TypeORM's persistence machinery.
 */
@Injectable()
export class AuditService {
  constructor(private readonly statements: NamedStatements) {}

  async record(
    manager: EntityManager,
    actor: Pick<Viewer, 'organizationId' | 'userId' | 'apiKeyId' | 'channel'>,
    record: AuditRecord,
  ): Promise<void> {
    const changes = auditDiff(
      (record.before as Record<string, unknown> | null | undefined) ?? null,
      (record.after as Record<string, unknown> | null | undefined) ?? null,
    );
    const values = [
      actor.organizationId,
      actor.userId,
      actor.apiKeyId,
      actor.channel ?? null,
      record.action,
      record.entityType,
      record.entityId,
      changes === null ? null : JSON.stringify(changes),
    ];
    // A manager outside a transaction holds no connection of its own.
    if (manager.queryRunner) await this.statements.run(manager, INSERT_ENTRY, values);
    else await manager.query(INSERT_ENTRY.text, values);
  }
}
