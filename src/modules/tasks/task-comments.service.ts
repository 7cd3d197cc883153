import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { TaskChangeRecorder } from './task-change-recorder.service';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import { ChangeKind } from './task.enums';

/** Commenting on tasks (see TaskCommandsService for permissions). */
@Injectable()
export class TaskCommentsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly changes: TaskChangeRecorder,
  ) {}

  async addComment(viewer: Viewer, taskId: string, body: string): Promise<TaskComment> {
    return this.transactions.run(async (transaction) => {
      const scope = this.tenants.for(viewer, transaction.manager);
      const task = await scope.repository(Task).get(taskId, 'Task');
      const comments = scope.repository(TaskComment);
      const comment = await comments.save(
        comments.create({
          taskId: task.id,
          authorId: viewer.userId,
          authorApiKeyId: viewer.apiKeyId,
          body,
        }),
      );
      await this.audit.record(transaction.manager, viewer, {
        action: 'task.comment_added',
        entityType: 'Task',
        entityId: task.id,
        after: { commentId: comment.id },
      });
      await this.changes.publish(transaction, viewer.organizationId, {
        kind: ChangeKind.UPDATED,
        taskId: task.id,
        teamId: task.teamId,
        previousTeamId: task.teamId,
      });
      return comment;
    });
  }
}
