import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { snapshot, TaskChangeRecorder } from './task-change-recorder.service';
import { Task } from './task.entity';
import { TaskTreeRepository } from './task-tree.repository';
import { ChangeKind } from './task.enums';

/** Deleting tasks (see TaskCommandsService for permissions). */
@Injectable()
export class TaskDeleteService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly changes: TaskChangeRecorder,
    private readonly tree: TaskTreeRepository,
  ) {}

  /** Soft-deletes the task and all its descendants (they would be unreachable otherwise). */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const tasks = this.tenants.for(viewer, transaction.manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      const deleted = await this.tree.softDeleteSubtree(
        transaction.manager,
        viewer.organizationId,
        id,
      );
      await this.audit.record(transaction.manager, viewer, {
        action: 'task.deleted',
        entityType: 'Task',
        entityId: task.id,
        before: snapshot(task),
        after: { deleted: true, subtasksDeleted: deleted.length - 1 },
      });
      for (const row of deleted) {
        await this.changes.publish(transaction, viewer.organizationId, {
          kind: ChangeKind.DELETED,
          taskId: row.id,
          teamId: row.teamId,
          previousTeamId: row.teamId,
        });
      }
      return true;
    });
  }
}
