import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { groupByKeys } from '@/graphql/dataloader/dataloader-registry';
import { TenantScope } from '@/database/tenant-scope';
import { ConnectionResult, FieldSelection, filterKey } from '@/graphql/pagination';
import { isUuid } from '@/database/query-guards';
import { TaskOrder, TasksArgs } from './dto/task-filter.input';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import { TaskRepository } from './task.repository';
import { CLOSED_STATUSES, OrderDirection, TaskOrderField, TaskStatus } from './task.enums';
import { TASK_MAX_DEPTH, TaskStats } from './task-types';

/** A task's subtree as the Task.subtasks and Task.progress loaders need it. */
export interface TaskTree {
  /** Direct subtasks, by position. */
  children: Task[];
  /** All descendants, and how many of them are DONE. */
  descendants: number;
  done: number;
}

const DEFAULT_ORDER: TaskOrder = {
  field: TaskOrderField.POSITION,
  direction: OrderDirection.ASC,
};

/**
 * Reads of tasks and comments, always within the viewer's organization and
 * never showing soft-deleted rows (TypeORM's DeleteDateColumn leaves them out
 * of finds and query builders; the raw recursive queries say so themselves).
 */
@Injectable()
export class TaskQueriesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly tasks: TaskRepository,
  ) {}

  /** For `task(id)`: null for an unknown, foreign or deleted id alike. */
  async get(viewer: Viewer, id: string): Promise<Task | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Task).findOneBy({ id });
  }

  /** Tasks of one organization by id, in no particular order (loaders, the subscription). */
  findByIds(organizationId: string, ids: readonly string[]): Promise<Task[]> {
    return this.tenants.for({ organizationId }).repository(Task).findByIds(ids);
  }

  /**
   * A page of tasks, in plain SQL (TaskRepository). The to-one relations the
   * query shows (assignee, team) come in the same statement: a page of 50
   * with assignee and team is one query, not three.
   */
  list(
    viewer: Viewer,
    args: TasksArgs,
    selection?: FieldSelection,
  ): Promise<ConnectionResult<Task>> {
    return this.tasks.page(
      viewer,
      args.filter ?? {},
      args.orderBy ?? DEFAULT_ORDER,
      args,
      selection,
      `tasks:${filterKey(args.filter)}`,
    );
  }

  /** Counts for a board header, in one statement. A foreign or unknown team counts nothing. */
  async stats(viewer: Viewer, teamId?: string | null): Promise<TaskStats> {
    const byStatus = Object.fromEntries(
      Object.values(TaskStatus).map((status) => [status, 0]),
    ) as Record<TaskStatus, number>;
    if (teamId !== undefined && teamId !== null && !isUuid(teamId)) {
      return { total: 0, byStatus, overdue: 0 };
    }
    const qb = this.tenants.for(viewer).repository(Task).createQueryBuilder('task');
    if (teamId) qb.andWhere('task.teamId = :teamId', { teamId });
    qb.select('COUNT(*)::int', 'total').addSelect(
      'COUNT(*) FILTER (WHERE task.dueAt < now() AND task.status NOT IN (:...closed))::int',
      'overdue',
    );
    for (const status of Object.values(TaskStatus)) {
      qb.addSelect(`COUNT(*) FILTER (WHERE task.status = '${status}')::int`, `status_${status}`);
    }
    qb.setParameter('closed', CLOSED_STATUSES);
    const row = (await qb.getRawOne<Record<string, number>>()) ?? {};
    for (const status of Object.values(TaskStatus)) byStatus[status] = row[`status_${status}`] ?? 0;
    return { total: row.total ?? 0, byStatus, overdue: row.overdue ?? 0 };
  }

  /**
   * The subtrees of several tasks in one statement: a recursive CTE walks
   * every descendant of every task in the batch, and the rows come back as
   * entities. Direct children feed Task.subtasks, the counts Task.progress.
   */
  async trees(organizationId: string, ids: readonly string[]): Promise<TaskTree[]> {
    const roots = ids.filter(isUuid);
    const trees = new Map<string, TaskTree>(
      ids.map((id) => [id, { children: [], descendants: 0, done: 0 }]),
    );
    if (roots.length === 0) return ids.map((id) => trees.get(id)!);
    // Cycle-safe (the path) and bounded (TASK_MAX_DEPTH) whatever the rows say.
    const descendants = `
      SELECT child.parent_id AS root_id, child.id AS id, 1 AS depth,
             ARRAY[child.parent_id, child.id] AS path
        FROM task child
       WHERE child.organization_id = :organizationId AND child.deleted_at IS NULL
         AND child.parent_id IN (:...roots)
      UNION ALL
      SELECT tree.root_id, child.id, tree.depth + 1, tree.path || child.id
        FROM task child JOIN tree ON child.parent_id = tree.id
       WHERE child.organization_id = :organizationId AND child.deleted_at IS NULL
         AND child.id <> ALL (tree.path) AND tree.depth < ${TASK_MAX_DEPTH}`;
    const { entities, raw } = await this.tenants
      .for({ organizationId })
      .repository(Task)
      .createQueryBuilder('task')
      .addCommonTableExpression(descendants, 'tree', { recursive: true })
      .innerJoin('tree', 'tree', 'tree.id = task.id')
      .addSelect('tree.root_id', 'tree_root_id')
      .addSelect('tree.depth', 'tree_depth')
      .setParameters({ organizationId, roots })
      .orderBy('task.position', 'ASC')
      .addOrderBy('task.id', 'ASC')
      .getRawAndEntities<{
        task_id: string;
        task_status: TaskStatus;
        tree_root_id: string;
        tree_depth: number;
      }>();
    // A task under two roots of the batch (a task and its ancestor) is one
    // entity but two raw rows, so entities are found by id, not by index.
    const byId = new Map(entities.map((task) => [task.id, task]));
    for (const row of raw) {
      const tree = trees.get(row.tree_root_id);
      const task = byId.get(row.task_id);
      if (!tree || !task) continue;
      tree.descendants += 1;
      if (task.status === TaskStatus.DONE) tree.done += 1;
      if (Number(row.tree_depth) === 1) tree.children.push(task);
    }
    return ids.map((id) => trees.get(id)!);
  }

  /** Comments of several tasks in one query, oldest first, grouped in `taskIds` order. */
  async commentsOf(organizationId: string, taskIds: readonly string[]): Promise<TaskComment[][]> {
    const valid = taskIds.filter(isUuid);
    const rows =
      valid.length === 0
        ? []
        : await this.tenants
            .for({ organizationId })
            .repository(TaskComment)
            .find({ taskId: In(valid) }, { createdAt: 'ASC', id: 'ASC' });
    return groupByKeys(rows, taskIds, (row) => row.taskId);
  }
}
