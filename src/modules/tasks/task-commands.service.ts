import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import { TenantRepository, TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AuditService } from '@/modules/audit/audit.service';
import { MembersService } from '@/modules/organizations/members.service';
import { isUuid } from '@/database/query-guards';
import { TeamsService } from '@/modules/organizations/teams.service';
import { CreateTaskInput } from './dto/create-task.input';
import { MoveTaskInput } from './dto/move-task.input';
import { UpdateTaskInput } from './dto/update-task.input';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import { TASK_MAX_DEPTH } from './task-types';
import { ChangeKind, PRIORITY_RANK, TaskPriority, TaskSource, TaskStatus } from './task.enums';

/** Gap between a new last task and the one before it. */
export const POSITION_STEP = 1024;

/** Below this gap a midpoint is no longer distinguishable: renumber the siblings. */
export const MIN_POSITION_GAP = 1e-9;

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
function snapshot(task: Task): Record<string, unknown> {
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

const invalid = (path: string, message: string): BadUserInputError =>
  new BadUserInputError(`Invalid input: ${path}: ${message}`, [{ path, message }]);

/**
 * Changes to tasks. Each runs in one transaction with its audit entry and a
 * `task.changed.<organizationId>` outbox event, so subscribers hear of a
 * change exactly when it committed.
 *
 * Permissions: anyone with `tasks:write` (AGENT and above) may change any task
 * of the organization, whatever its team. Teams here are views of one shared
 * board, not walls: small organizations hand work across teams all day, and a
 * wall would hide a task from the colleague covering for its assignee.
 */
@Injectable()
export class TaskCommandsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly members: MembersService,
    private readonly teams: TeamsService,
  ) {}

  async create(viewer: Viewer, input: CreateTaskInput): Promise<Task> {
    await this.checkReferences(viewer, input);
    return this.transactions.run(async (transaction) => {
      const tasks = this.tenants.for(viewer, transaction.manager).repository(Task);
      let teamId = input.teamId ?? null;
      const parentId = input.parentId ?? null;
      if (parentId) {
        const parent = await tasks.findOneBy({ id: parentId });
        if (!parent) throw invalid('input.parentId', 'no such task');
        if (
          (await this.depthOf(transaction.manager, viewer.organizationId, parentId)) + 1 >
          TASK_MAX_DEPTH
        ) {
          throw invalid('input.parentId', `subtasks nest at most ${TASK_MAX_DEPTH} levels deep`);
        }
        // A subtask belongs on its parent's board unless told otherwise.
        if (input.teamId === undefined) teamId = parent.teamId;
      }
      const status = input.status ?? TaskStatus.TODO;
      const priority = input.priority ?? TaskPriority.MEDIUM;
      const task = await tasks.save(
        tasks.create({
          title: input.title,
          description: input.description ?? null,
          status,
          priority,
          priorityRank: PRIORITY_RANK[priority],
          dueAt: input.dueAt ?? null,
          completedAt: status === TaskStatus.DONE ? new Date() : null,
          assigneeId: input.assigneeId ?? null,
          creatorId: viewer.userId,
          creatorApiKeyId: viewer.apiKeyId,
          teamId,
          parentId,
          labels: input.labels ?? [],
          position: (await this.lastPosition(tasks, parentId)) + POSITION_STEP,
          source: viewer.kind === 'api-key' ? TaskSource.API : TaskSource.WEB,
        }),
      );
      await this.recordChange(transaction, viewer, 'task.created', null, task, {
        kind: ChangeKind.CREATED,
        previousTeamId: null,
      });
      return task;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateTaskInput): Promise<Task> {
    if (!isUuid(id)) throw new NotFoundError('Task', id);
    await this.checkReferences(viewer, input);
    return this.transactions.run(async (transaction) => {
      const tasks = this.tenants.for(viewer, transaction.manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      const before = snapshot(task);
      const previousTeamId = task.teamId;
      if (input.title !== undefined) task.title = input.title;
      if (input.description !== undefined) task.description = input.description;
      if (input.priority !== undefined) {
        task.priority = input.priority;
        task.priorityRank = PRIORITY_RANK[input.priority];
      }
      if (input.dueAt !== undefined) task.dueAt = input.dueAt;
      if (input.assigneeId !== undefined) task.assigneeId = input.assigneeId;
      if (input.teamId !== undefined) task.teamId = input.teamId;
      if (input.labels !== undefined) task.labels = input.labels;
      if (input.status !== undefined && input.status !== task.status) {
        task.status = input.status;
        task.completedAt = input.status === TaskStatus.DONE ? new Date() : null;
      }
      const saved = await tasks.save(task);
      await this.recordChange(transaction, viewer, 'task.updated', before, saved, {
        kind: ChangeKind.UPDATED,
        previousTeamId,
      });
      return saved;
    });
  }

  /**
   * Reparents and reorders. The new position is the midpoint between the
   * task it goes after and that task's next sibling, so a move writes one
   * row; only when repeated moves into one gap exhaust a double's precision
   * are that list's positions renumbered.
   */
  async move(viewer: Viewer, id: string, input: MoveTaskInput): Promise<Task> {
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      // Moves in one organization's tree take turns: two opposite moves (A
      // under B, B under A) checked at once would each see no cycle. Taken
      // before any row lock, so it cannot deadlock with them.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('task-tree:' || $1, 0))`, [
        viewer.organizationId,
      ]);
      const tasks = this.tenants.for(viewer, manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      const before = snapshot(task);

      const parentId = input.parentId === undefined ? task.parentId : input.parentId;
      if (parentId) {
        if (!(await tasks.findOneBy({ id: parentId }))) {
          throw invalid('input.parentId', 'no such task');
        }
        if (await this.isSelfOrDescendant(manager, viewer.organizationId, id, parentId)) {
          throw invalid('input.parentId', 'a task cannot be moved under itself or its subtasks');
        }
        const depth =
          (await this.depthOf(manager, viewer.organizationId, parentId)) +
          (await this.heightOf(manager, viewer.organizationId, id));
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

      let position = await this.positionAfter(tasks, parentId, id, after);
      if (position === null) {
        await this.renumber(manager, viewer.organizationId, parentId, id);
        if (after) after = await tasks.get(after.id, 'Task');
        position = (await this.positionAfter(tasks, parentId, id, after)) ?? 0;
      }
      task.parentId = parentId;
      task.position = position;
      const saved = await tasks.save(task);
      await this.recordChange(transaction, viewer, 'task.moved', before, saved, {
        kind: ChangeKind.UPDATED,
        previousTeamId: saved.teamId,
      });
      return saved;
    });
  }

  /** Soft-deletes the task and all its descendants (they would be unreachable otherwise). */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const tasks = this.tenants.for(viewer, transaction.manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      // An UPDATE answers [rows, rowCount] through TypeORM's postgres driver.
      const [deleted] = await transaction.manager.query<
        [Array<{ id: string; team_id: string | null }>, number]
      >(
        `WITH RECURSIVE subtree AS (
           SELECT id, ARRAY[id] AS path FROM task
            WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL
           UNION ALL
           SELECT child.id, subtree.path || child.id
             FROM task child JOIN subtree ON child.parent_id = subtree.id
            WHERE child.organization_id = $2 AND child.deleted_at IS NULL
              AND child.id <> ALL (subtree.path) AND cardinality(subtree.path) < ${TASK_MAX_DEPTH}
         )
         UPDATE task SET deleted_at = now(), updated_at = now()
          WHERE organization_id = $2 AND id IN (SELECT id FROM subtree)
          RETURNING id, team_id`,
        [id, viewer.organizationId],
      );
      await this.audit.record(transaction.manager, viewer, {
        action: 'task.deleted',
        entityType: 'Task',
        entityId: task.id,
        before: snapshot(task),
        after: { deleted: true, subtasksDeleted: deleted.length - 1 },
      });
      for (const row of deleted) {
        await this.publish(transaction, viewer.organizationId, {
          kind: ChangeKind.DELETED,
          taskId: row.id,
          teamId: row.team_id,
          previousTeamId: row.team_id,
        });
      }
      return true;
    });
  }

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
      await this.publish(transaction, viewer.organizationId, {
        kind: ChangeKind.UPDATED,
        taskId: task.id,
        teamId: task.teamId,
        previousTeamId: task.teamId,
      });
      return comment;
    });
  }

  /** Assignee and team must be the organization's: anything else is the caller's mistake. */
  private async checkReferences(
    viewer: Viewer,
    input: { assigneeId?: string | null; teamId?: string | null },
  ): Promise<void> {
    if (
      input.assigneeId &&
      !(await this.members.isMember(viewer.organizationId, input.assigneeId))
    ) {
      throw invalid('input.assigneeId', 'not a member of this organization');
    }
    if (input.teamId) {
      const [team] = await this.teams.findByIds(viewer.organizationId, [input.teamId]);
      if (!team) throw invalid('input.teamId', 'not a team of this organization');
    }
  }

  private async lastPosition(
    tasks: TenantRepository<Task>,
    parentId: string | null,
  ): Promise<number> {
    const row = await tasks
      .createQueryBuilder('task')
      .andWhere(parentId ? 'task.parentId = :parentId' : 'task.parentId IS NULL', { parentId })
      .select('MAX(task.position)', 'max')
      .getRawOne<{ max: number | null }>();
    return row?.max ?? 0;
  }

  /** The position right after `after` (first when null), or null when the gap is exhausted. */
  private async positionAfter(
    tasks: TenantRepository<Task>,
    parentId: string | null,
    movingId: string,
    after: Task | null,
  ): Promise<number | null> {
    const qb = tasks
      .createQueryBuilder('task')
      .andWhere(parentId ? 'task.parentId = :parentId' : 'task.parentId IS NULL', { parentId })
      .andWhere('task.id <> :movingId', { movingId });
    if (after) qb.andWhere('task.position > :afterPosition', { afterPosition: after.position });
    const row = await qb.select('MIN(task.position)', 'next').getRawOne<{ next: number | null }>();
    const next = row?.next ?? null;
    const previous = after?.position ?? 0;
    if (next === null) return previous + POSITION_STEP;
    if (next - previous < MIN_POSITION_GAP) return null;
    return previous + (next - previous) / 2;
  }

  /** Spreads a sibling list out again (POSITION_STEP apart, same order). */
  private async renumber(
    manager: EntityManager,
    organizationId: string,
    parentId: string | null,
    movingId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE task SET position = ordered.rank * ${POSITION_STEP}
         FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rank
                 FROM task
                WHERE organization_id = $1 AND parent_id IS NOT DISTINCT FROM $2
                  AND deleted_at IS NULL AND id <> $3) ordered
        WHERE task.id = ordered.id`,
      [organizationId, parentId, movingId],
    );
  }

  /** Whether `candidateId` is `taskId` or one of its descendants (a move there would make a cycle). */
  private async isSelfOrDescendant(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
    candidateId: string,
  ): Promise<boolean> {
    // Walks up from the candidate: its ancestors are few, a subtree may be large.
    const rows: unknown[] = await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, ARRAY[id] AS path FROM task WHERE id = $3 AND organization_id = $2
         UNION ALL
         SELECT parent.id, parent.parent_id, up.path || parent.id
           FROM task parent JOIN up ON parent.id = up.parent_id
          WHERE parent.organization_id = $2
            AND parent.id <> ALL (up.path) AND cardinality(up.path) <= ${TASK_MAX_DEPTH}
       )
       SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
      [taskId, organizationId, candidateId],
    );
    return rows.length > 0;
  }

  /** How deep the task sits (1 for a top-level task), counted up to TASK_MAX_DEPTH + 1. */
  private async depthOf(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
  ): Promise<number> {
    const [row] = await manager.query<Array<{ depth: number }>>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, ARRAY[id] AS path FROM task WHERE id = $1 AND organization_id = $2
         UNION ALL
         SELECT parent.id, parent.parent_id, up.path || parent.id
           FROM task parent JOIN up ON parent.id = up.parent_id
          WHERE parent.organization_id = $2
            AND parent.id <> ALL (up.path) AND cardinality(up.path) <= ${TASK_MAX_DEPTH}
       )
       SELECT count(*)::int AS depth FROM up`,
      [taskId, organizationId],
    );
    return row?.depth ?? 0;
  }

  /** Levels in the task's subtree, itself included (1 for a task without subtasks). */
  private async heightOf(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
  ): Promise<number> {
    const [row] = await manager.query<Array<{ height: number }>>(
      `WITH RECURSIVE down AS (
         SELECT id, ARRAY[id] AS path FROM task WHERE id = $1 AND organization_id = $2
         UNION ALL
         SELECT child.id, down.path || child.id
           FROM task child JOIN down ON child.parent_id = down.id
          WHERE child.organization_id = $2 AND child.deleted_at IS NULL
            AND child.id <> ALL (down.path) AND cardinality(down.path) <= ${TASK_MAX_DEPTH}
       )
       SELECT coalesce(max(cardinality(path)), 1)::int AS height FROM down`,
      [taskId, organizationId],
    );
    return row?.height ?? 1;
  }

  private async recordChange(
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

  private publish(
    transaction: Transaction,
    organizationId: string,
    event: TaskChangedEvent,
  ): Promise<string> {
    return this.outbox.publish(transaction, organizationId, taskChangedTopic(organizationId), {
      ...event,
    });
  }
}
