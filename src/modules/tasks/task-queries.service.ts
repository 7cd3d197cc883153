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
import { TaskTreeRepository } from './task-tree.repository';
import { OrderDirection, TaskOrderField, TaskStatus } from './task.enums';
import { TaskStats } from './task-types';

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
 * of finds; the repositories' SQL says so itself).
 */
@Injectable()
export class TaskQueriesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly tasks: TaskRepository,
    private readonly tree: TaskTreeRepository,
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
    const counts = await this.tasks.counts(viewer.organizationId, teamId ?? null);
    for (const status of Object.values(TaskStatus)) byStatus[status] = counts.byStatus[status] ?? 0;
    return { total: counts.total ?? 0, byStatus, overdue: counts.overdue ?? 0 };
  }

  /**
   * The subtrees of several tasks in one statement (TaskTreeRepository):
   * direct children feed Task.subtasks, the counts Task.progress.
   */
  async trees(organizationId: string, ids: readonly string[]): Promise<TaskTree[]> {
    const roots = ids.filter(isUuid);
    const trees = new Map<string, TaskTree>(
      ids.map((id) => [id, { children: [], descendants: 0, done: 0 }]),
    );
    if (roots.length === 0) return ids.map((id) => trees.get(id)!);
    for (const { rootId, depth, task } of await this.tree.descendants(organizationId, roots)) {
      const tree = trees.get(rootId);
      if (!tree) continue;
      tree.descendants += 1;
      if (task.status === TaskStatus.DONE) tree.done += 1;
      if (depth === 1) tree.children.push(task);
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

  /** Id, title and status of the organization's open tasks, newest first (assistant name resolution). */
  openTaskTitles(
    viewer: Viewer,
    limit = 500,
  ): Promise<{ id: string; title: string; status: TaskStatus }[]> {
    return this.tenants
      .for(viewer)
      .repository(Task)
      .createQueryBuilder('task')
      .andWhere('task.status IN (:...openStatuses)', {
        openStatuses: [TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED],
      })
      .select(['task.id', 'task.title', 'task.status'])
      .orderBy('task.createdAt', 'DESC')
      .addOrderBy('task.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
