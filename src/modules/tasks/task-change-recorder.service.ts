import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { auditDiff } from '@/modules/audit/audit-diff';
import { AuditService } from '@/modules/audit/audit.service';
import { Task } from './task.entity';
import { ChangeKind } from './task.enums';

export const taskChangedTopic = (organizationId: string): string =>
  `task.changed.${organizationId}`;

/** What the outbox carries to the `taskChanged` subscription (ids only). */
export interface TaskChangedEvent {
  kind: ChangeKind;
  taskId: string;
  teamId: string | null;
  previousTeamId: string | null;
}

/** The audited fields of a task. */
export function snapshot(task: Task): Record<string, unknown> {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    dueAt: task.dueAt,
    completedAt: task.completedAt,
    assigneeId: task.assigneeId,
    teamId: task.teamId,
    parentId: task.parentId,
    labels: [...task.labels],
    position: task.position,
  };
}

/** Whether `task` differs from its `snapshot` taken as `before` (as the audit entry would tell). */
export function changedSince(before: Record<string, unknown>, task: Task): boolean {
  return auditDiff(before, snapshot(task)) !== null;
}

/** A BAD_USER_INPUT naming the offending field. */
export const invalid = (path: string, message: string): BadUserInputError =>
  new BadUserInputError(`Invalid input: ${path}: ${message}`, [{ path, message }]);

/**
 * How every task command ends: an audit entry and a
 * `task.changed.<organizationId>` outbox event in the command's transaction,
 * so subscribers hear of a change exactly when it committed.
 */
@Injectable()
export class TaskChangeRecorder {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async recordChange(
    transaction: Transaction,
    viewer: Viewer,
    action: string,
    before: Record<string, unknown> | null,
    task: Task,
    event: Pick<TaskChangedEvent, 'kind' | 'previousTeamId'>,
  ): Promise<void> {
    await this.audit.record(transaction.manager, viewer, {
      action,
      entityType: 'Task',
      entityId: task.id,
      before,
      after: snapshot(task),
    });
    await this.publish(transaction, viewer.organizationId, {
      ...event,
      taskId: task.id,
      teamId: task.teamId,
    });
  }

  /**
   * A new task's TASK_CREATED automation event (when the organization has an
   * enabled automation for it), carrying the automation origin of a task an
   * automation run created.
   */
  triggerAutomations(transaction: Transaction, viewer: Viewer, task: Task): Promise<void> {
    return this.outbox.triggerAutomations(transaction, {
      organizationId: viewer.organizationId,
      trigger: 'TASK_CREATED',
      subjectId: task.id,
      origin: viewer.automationOrigin ?? null,
    });
  }

  publish(
    transaction: Transaction,
    organizationId: string,
    event: TaskChangedEvent,
  ): Promise<string> {
    return this.outbox.publish(transaction, organizationId, taskChangedTopic(organizationId), {
      ...event,
    });
  }
}
