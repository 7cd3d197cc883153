import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { TenantScope } from '@/database/tenant-scope';
import { Task } from './task.entity';
import { TaskStatus } from './task.enums';
import { wholeTask } from './task.repository';
import { POSITION_STEP, TASK_MAX_DEPTH } from './task-types';

/** One descendant of a root of a `descendants` batch. */
export interface TaskDescendant {
  rootId: string;
  /** 1 for a direct subtask. */
  depth: number;
  task: Task;
}

/** A task soft-deleted with its subtree. */
export interface DeletedTask {
  id: string;
  teamId: string | null;
}

/**
 * The SQL of the task tree: nesting, order among siblings, subtrees. Every
 * statement is scoped by the organization passed in; every recursive walk is
 * cycle-safe (a path array) and bounded by TASK_MAX_DEPTH whatever the rows
 * say. Methods used inside a transaction take its EntityManager.
 */
/**
 * `up`: the task `$start` and its ancestors in organization `$2`, walking up
 * (a task's ancestors are few), cycle-safe and bounded at TASK_MAX_DEPTH.
 */
const ancestors = (start: string) => `WITH RECURSIVE up AS (
         SELECT id, parent_id, ARRAY[id] AS path FROM task WHERE id = ${start} AND organization_id = $2
         UNION ALL
         SELECT parent.id, parent.parent_id, up.path || parent.id
           FROM task parent JOIN up ON parent.id = up.parent_id
          WHERE parent.organization_id = $2
            AND parent.id <> ALL (up.path) AND cardinality(up.path) <= ${TASK_MAX_DEPTH}
       )`;

/** A new task's columns as its creator sets them; the rest are the table's defaults. */
export type NewTask = Pick<
  Task,
  | 'title'
  | 'description'
  | 'status'
  | 'priority'
  | 'priorityRank'
  | 'dueAt'
  | 'completedAt'
  | 'assigneeId'
  | 'creatorId'
  | 'creatorApiKeyId'
  | 'teamId'
  | 'parentId'
  | 'labels'
  | 'source'
  | 'automationRunId'
  | 'automationStep'
>;

/**
 * The columns a task's creator sets and `updateTask`/`moveTask` can change:
 * column, Task field, and the cast PostgreSQL needs on its placeholder.
 */
const CHANGEABLE = [
  ['title', 'title', ''],
  ['description', 'description', ''],
  ['status', 'status', '::task_status'],
  ['priority', 'priority', '::task_priority'],
  ['priority_rank', 'priorityRank', ''],
  ['due_at', 'dueAt', ''],
  ['completed_at', 'completedAt', ''],
  ['assignee_id', 'assigneeId', ''],
  ['team_id', 'teamId', ''],
  ['parent_id', 'parentId', ''],
  ['labels', 'labels', '::text[]'],
] as const satisfies ReadonlyArray<readonly [string, keyof NewTask, string]>;
/** CHANGEABLE's placeholders, numbered from `$first`. */
const changeablePlaceholder = (first: number, i: number): string =>
  `$${first + i}${CHANGEABLE[i][2]}`;
/** CHANGEABLE's values, in its order. */
const changeableValues = (task: NewTask): unknown[] => CHANGEABLE.map(([, field]) => task[field]);

/**
 * A task inserted last among its live siblings (top-level tasks when
 * `parent` is false, the subtasks of `$11`, its parent_id, otherwise),
 * returned whole.
 */
const insertLast = (parent: boolean): NamedStatement => ({
  name: parent ? 'task_insert_last_child' : 'task_insert_last_root',
  text: `INSERT INTO task AS "task"
           (organization_id, ${CHANGEABLE.map(([column]) => column).join(', ')},
            creator_id, creator_api_key_id, source, automation_run_id, automation_step, position)
         VALUES ($1, ${CHANGEABLE.map((_, i) => changeablePlaceholder(2, i)).join(', ')},
                 $13, $14, $15::task_source, $16, $17,
                 COALESCE((SELECT MAX(sibling.position) FROM task sibling
                            WHERE sibling.organization_id = $1
                              AND ${parent ? 'sibling.parent_id = $11' : 'sibling.parent_id IS NULL'}
                              AND sibling.deleted_at IS NULL), 0) + ${POSITION_STEP})
         RETURNING ${wholeTask.select}`,
});
const INSERT_LAST_ROOT = insertLast(false);
const INSERT_LAST_CHILD = insertLast(true);

/** Every column `updateTask` and `moveTask` can change, written back with a new updated_at. */
const WRITE_BACK: NamedStatement = {
  name: 'task_write_back',
  text: `UPDATE task
            SET ${CHANGEABLE.map(([column], i) => `${column} = ${changeablePlaceholder(3, i)}`).join(', ')},
                position = $14, updated_at = now()
          WHERE id = $1 AND organization_id = $2 AND deleted_at IS NULL
          RETURNING updated_at`,
};

@Injectable()
export class TaskTreeRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly statements: NamedStatements,
  ) {}

  /**
   * Moves in one organization's tree take turns: two opposite moves (A under
   * B, B under A) checked at once would each see no cycle. Take it before any
   * row lock, so it cannot deadlock with them.
   */
  async lockTree(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('task-tree:' || $1, 0))`, [
      organizationId,
    ]);
  }

  /**
   * Inserts a task of `organizationId` last among its live siblings (the
   * highest position plus POSITION_STEP, read by the INSERT itself: one
   * statement) and returns it with every column.
   */
  async insertLast(manager: EntityManager, organizationId: string, task: NewTask): Promise<Task> {
    const [row] = await this.statements.run<Record<string, unknown>>(
      manager,
      task.parentId ? INSERT_LAST_CHILD : INSERT_LAST_ROOT,
      [
        organizationId,
        ...changeableValues(task),
        task.creatorId,
        task.creatorApiKeyId,
        task.source,
        task.automationRunId,
        task.automationStep,
      ],
    );
    return wholeTask.entity(row)!;
  }

  /**
   * Writes a loaded (and locked) task's changeable columns back in one
   * UPDATE, setting updated_at, and returns the task with it: what
   * TypeORM's `save` did for these fields with a reload and an UPDATE of its
   * own. The caller skips it when nothing changed, as `save` did.
   */
  async writeBack(manager: EntityManager, organizationId: string, task: Task): Promise<Task> {
    const [row] = await this.statements.run<{ updated_at: Date }>(manager, WRITE_BACK, [
      task.id,
      organizationId,
      ...changeableValues(task),
      task.position,
    ]);
    if (!row) throw new Error(`task ${task.id} is gone from under its lock`);
    task.updatedAt = row.updated_at;
    return task;
  }

  /**
   * The lowest position in a sibling list, leaving out `movingId`, above
   * `afterPosition` when given; null when there is none.
   */
  async nextPosition(
    manager: EntityManager,
    organizationId: string,
    parentId: string | null,
    movingId: string,
    afterPosition: number | null,
  ): Promise<number | null> {
    const qb = this.tenants
      .for({ organizationId }, manager)
      .repository(Task)
      .createQueryBuilder('task')
      .andWhere(parentId ? 'task.parentId = :parentId' : 'task.parentId IS NULL', { parentId })
      .andWhere('task.id <> :movingId', { movingId });
    if (afterPosition !== null) {
      qb.andWhere('task.position > :afterPosition', { afterPosition });
    }
    const row = await qb.select('MIN(task.position)', 'next').getRawOne<{ next: number | null }>();
    return row?.next ?? null;
  }

  /** Spreads a sibling list out again (POSITION_STEP apart, same order), leaving out `movingId`. */
  async renumber(
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
  async isSelfOrDescendant(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
    candidateId: string,
  ): Promise<boolean> {
    // Walks up from the candidate: its ancestors are few, a subtree may be large.
    const rows: unknown[] = await manager.query(
      `${ancestors('$3')}
       SELECT 1 FROM up WHERE id = $1 LIMIT 1`,
      [taskId, organizationId, candidateId],
    );
    return rows.length > 0;
  }

  /** How deep the task sits (1 for a top-level task), counted up to TASK_MAX_DEPTH + 1. */
  async depthOf(manager: EntityManager, organizationId: string, taskId: string): Promise<number> {
    const [row] = await manager.query<Array<{ depth: number }>>(
      `${ancestors('$1')}
       SELECT count(*)::int AS depth FROM up`,
      [taskId, organizationId],
    );
    return row?.depth ?? 0;
  }

  /** Levels in the task's subtree, itself included (1 for a task without subtasks). */
  async heightOf(manager: EntityManager, organizationId: string, taskId: string): Promise<number> {
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

  /** Soft-deletes the task and all its descendants; answers every task deleted. */
  async softDeleteSubtree(
    manager: EntityManager,
    organizationId: string,
    taskId: string,
  ): Promise<DeletedTask[]> {
    // An UPDATE answers [rows, rowCount] through TypeORM's postgres driver.
    const [deleted] = await manager.query<[Array<{ id: string; team_id: string | null }>, number]>(
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
      [taskId, organizationId],
    );
    return deleted.map((row) => ({ id: row.id, teamId: row.team_id }));
  }

  /**
   * Every descendant of every root in one statement: a recursive CTE walks
   * the subtrees and the rows come back as entities, each with its root and
   * depth (a task under two roots of the batch comes once per root).
   */
  async descendants(organizationId: string, roots: readonly string[]): Promise<TaskDescendant[]> {
    if (roots.length === 0) return [];
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
      .for({ organizationId }, this.dataSource.manager)
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
        tree_depth: number | string;
      }>();
    // A task under two roots of the batch is one entity but two raw rows, so
    // entities are found by id, not by index.
    const byId = new Map(entities.map((task) => [task.id, task]));
    const result: TaskDescendant[] = [];
    for (const row of raw) {
      const task = byId.get(row.task_id);
      if (task) result.push({ rootId: row.tree_root_id, depth: Number(row.tree_depth), task });
    }
    return result;
  }
}
