import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { TaskCommandsService } from './task-commands.service';
import { TaskChangesResolver } from './task-changes.resolver';
import { TaskQueriesService } from './task-queries.service';
import { TaskRepository } from './task.repository';
import { TasksResolver } from './tasks.resolver';

/** Tasks, subtasks and comments. TaskQueriesService is exported for the taskChanged subscription. */
@Module({
  imports: [UsersModule, AuditModule, OrganizationsModule],
  providers: [
    TaskRepository,
    TaskQueriesService,
    TaskCommandsService,
    TasksResolver,
    TaskChangesResolver,
  ],
  exports: [TaskQueriesService],
})
export class TasksModule {}
