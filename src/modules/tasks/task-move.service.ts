import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { MoveTaskInput } from './dto/move-task.input';
import {
  changedSince,
  invalid,
  snapshot,
  TaskChangeRecorder,
} from './task-change-recorder.service';
import { Task } from './task.entity';
import { TaskTreeRepository } from './task-tree.repository';
import { MIN_POSITION_GAP, POSITION_STEP, TASK_MAX_DEPTH } from './task-types';
import { ChangeKind } from './task.enums';

/** Reparenting and reordering tasks (see TaskCommandsService for permissions). */
@Injectable()
export class TaskMoveService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly changes: TaskChangeRecorder,
    private readonly tree: TaskTreeRepository,
  ) {}

  /**
   * Reparents and reorders. The new position is the midpoint between the
   * task it goes after and that task's next sibling, so a move writes one
   * row; only when repeated moves into one gap exhaust a double's precision
   * are that list's positions renumbered.
   */
  async move(viewer: Viewer, id: string, input: MoveTaskInput): Promise<Task> {
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const { organizationId } = viewer;
      // Moves in one organization's tree take turns, before any row lock.
      await this.tree.lockTree(manager, organizationId);
      const tasks = this.tenants.for(viewer, manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      const before = snapshot(task);

      const parentId = input.parentId === undefined ? task.parentId : input.parentId;
      if (parentId) {
        if (!(await tasks.findOneBy({ id: parentId }))) {
          throw invalid('input.parentId', 'no such task');
        }
        if (await this.tree.isSelfOrDescendant(manager, organizationId, id, parentId)) {
          throw invalid('input.parentId', 'a task cannot be moved under itself or its subtasks');
        }
        const depth =
          (await this.tree.depthOf(manager, organizationId, parentId)) +
          (await this.tree.heightOf(manager, organizationId, id));
        if (depth > TASK_MAX_DEPTH) {
          throw invalid('input.parentId', `subtasks nest at most ${TASK_MAX_DEPTH} levels deep`);
        }
      }
      let after: Task | null = null;
      if (input.afterTaskId) {
        if (input.afterTaskId === id)
          throw invalid('input.afterTaskId', 'a task cannot follow itself');
        after = await tasks.findOneBy({ id: input.afterTaskId });
        if (!after || after.parentId !== parentId) {
          throw invalid('input.afterTaskId', 'not a task of the target list');
        }
      }

      let position = await this.positionAfter(manager, organizationId, parentId, id, after);
      if (position === null) {
        await this.tree.renumber(manager, organizationId, parentId, id);
        if (after) after = await tasks.get(after.id, 'Task');
        position = (await this.positionAfter(manager, organizationId, parentId, id, after)) ?? 0;
      }
      task.parentId = parentId;
      task.position = position;
      const saved = changedSince(before, task)
        ? await this.tree.writeBack(manager, organizationId, task)
        : task;
      await this.changes.recordChange(transaction, viewer, 'task.moved', before, saved, {
        kind: ChangeKind.UPDATED,
        previousTeamId: saved.teamId,
      });
      return saved;
    });
  }

  /** The position right after `after` (first when null), or null when the gap is exhausted. */
  private async positionAfter(
    manager: EntityManager,
    organizationId: string,
    parentId: string | null,
    movingId: string,
    after: Task | null,
  ): Promise<number | null> {
    const next = await this.tree.nextPosition(
      manager,
      organizationId,
      parentId,
      movingId,
      after?.position ?? null,
    );
    const previous = after?.position ?? 0;
    if (next === null) return previous + POSITION_STEP;
    if (next - previous < MIN_POSITION_GAP) return null;
    return previous + (next - previous) / 2;
  }
}
