import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { TaskChangeRecorder } from './task-change-recorder.service';
import { TaskCommandsService } from './task-commands.service';
import { TaskCommentsService } from './task-comments.service';
import { TaskDeleteService } from './task-delete.service';
import { TaskMoveService } from './task-move.service';
import { TaskChangesResolver } from './task-changes.resolver';
import { TaskQueriesService } from './task-queries.service';
import { TaskRepository } from './task.repository';
import { TaskTreeRepository } from './task-tree.repository';
import { TasksResolver } from './tasks.resolver';

/**
 * Tasks, subtasks and comments. The services are exported for the taskChanged
 * subscription (queries) and the assistant's tools (all of them).
 */
@Module({
  imports: [UsersModule, AuditModule, OrganizationsModule],
  providers: [
    TaskRepository,
    TaskTreeRepository,
    TaskQueriesService,
    TaskChangeRecorder,
    TaskCommandsService,
    TaskMoveService,
    TaskDeleteService,
    TaskCommentsService,
    TasksResolver,
    TaskChangesResolver,
  ],
  exports: [TaskQueriesService, TaskCommandsService, TaskDeleteService, TaskCommentsService],
})
export class TasksModule {}
