import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { ConnectionResult, paginate } from '@/graphql/pagination';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogArgs } from './dto/audit-log.args';

/** Reading the audit log; writing it is AuditService's, inside each change's transaction. */
@Injectable()
export class AuditLogService {
  constructor(private readonly tenants: TenantScope) {}

  /** Newest first; served by the (organization, created_at, id) index. */
  list(viewer: Viewer, args: AuditLogArgs): Promise<ConnectionResult<AuditEntry>> {
    const query = this.tenants.for(viewer).repository(AuditEntry).createQueryBuilder('entry');
    if (args.entityType !== undefined && args.entityType !== null) {
      query.andWhere('entry.entityType = :entityType', { entityType: args.entityType });
    }
    if (args.entityId !== undefined && args.entityId !== null) {
      query.andWhere('entry.entityId = :entityId', { entityId: args.entityId });
    }
    return paginate(query, args, {
      queryKey: 'auditLog',
      orderBy: [
        { column: 'entry.createdAt', direction: 'DESC' },
        { column: 'entry.id', direction: 'DESC' },
      ],
    });
  }
}
