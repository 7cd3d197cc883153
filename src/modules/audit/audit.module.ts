import { Module } from '@nestjs/common';
import { UsersModule } from '@/modules/users/users.module';
import { AuditLogService } from './audit-log.service';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The audit log: AuditService writes entries for other modules; the resolver reads them. */
@Module({
  imports: [UsersModule],
  providers: [AuditService, AuditLogService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
