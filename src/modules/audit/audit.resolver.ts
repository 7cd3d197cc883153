import { Args, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import type { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { Connection, ConnectionResult } from '@/graphql/pagination';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogService } from './audit-log.service';
import { AuditLogArgs } from './dto/audit-log.args';

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(
    private readonly auditLog: AuditLogService,
    private readonly users: UsersService,
  ) {}

  @Query(() => AuditEntryConnection, {
    name: 'auditLog',
    description: 'Changes in the active organization, newest first.',
  })
  @RequirePermission('audit:read')
  entries(
    @CurrentViewer() viewer: Viewer,
    @Args() args: AuditLogArgs,
  ): Promise<ConnectionResult<AuditEntry>> {
    return this.auditLog.list(viewer, args);
  }

  @ResolveField(() => User, {
    nullable: true,
    description: 'The person who made the change; null when an API key made it.',
  })
  async actor(
    @Parent() entry: AuditEntry,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    if (entry.actorUserId === null) return null;
    return userLoader(loaders, this.users).load(entry.actorUserId);
  }
}
