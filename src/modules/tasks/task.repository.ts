import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ConnectionArgs,
  ConnectionResult,
  FieldSelection,
  paginateSql,
  SortKey,
} from '@/graphql/pagination';
import { User } from '@/modules/users/user.entity';
import { Team } from '@/modules/organizations/team.entity';
import { TaskFilter, TaskOrder } from './dto/task-filter.input';
import { Task } from './task.entity';
import { TenantScope } from '@/database/tenant-scope';
import { NamedStatements } from '@/database/named-statement';
import { CLOSED_STATUSES, TaskOrderField, TaskStatus } from './task.enums';

/** The order of a page: `column` names the key in cursors, `sql` is what the query sorts by. */
const ORDER_KEYS: Record<TaskOrderField, Pick<SortKey<Task>, 'column' | 'sql' | 'nulls'>> = {
  [TaskOrderField.CREATED_AT]: { column: 'task.createdAt', sql: '"task"."created_at"' },
  [TaskOrderField.UPDATED_AT]: { column: 'task.updatedAt', sql: '"task"."updated_at"' },
  [TaskOrderField.DUE_AT]: { column: 'task.dueAt', sql: '"task"."due_at"', nulls: 'LAST' },
  [TaskOrderField.PRIORITY]: { column: 'task.priorityRank', sql: '"task"."priority_rank"' },
  [TaskOrderField.POSITION]: { column: 'task.position', sql: '"task"."position"' },
};

/**
 * Distinct page statements prepared at most per process: a page's text
 * depends only on its selection, filters, order and cursor (values are
 * parameters), so a product has few; past the bound the rest run unprepared.
 */
const MAX_PREPARED_PAGES = 500;

/** Column by property, for each entity a page reads: its SQL, spelled out. */
type Columns<T> = Partial<Record<keyof T & string, string>>;

const TASK_COLUMNS: Columns<Task> = {
  id: 'id',
  organizationId: 'organization_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  priorityRank: 'priority_rank',
  dueAt: 'due_at',
  completedAt: 'completed_at',
  assigneeId: 'assignee_id',
  creatorId: 'creator_id',
  creatorApiKeyId: 'creator_api_key_id',
  teamId: 'team_id',
  parentId: 'parent_id',
  labels: 'labels',
  position: 'position',
  source: 'source',
  deletedAt: 'deleted_at',
};

/** A user's columns, without the secrets (`select: false` on the entity). */
const USER_COLUMNS: Columns<User> = {
  id: 'id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  email: 'email',
  name: 'name',
  phone: 'phone',
  timezone: 'timezone',
  emailVerifiedAt: 'email_verified_at',
  voicePinFailures: 'voice_pin_failures',
  voicePinLockedUntil: 'voice_pin_locked_until',
  voicePinSet: 'voice_pin_set',
};

const TEAM_COLUMNS: Columns<Team> = {
  id: 'id',
  organizationId: 'organization_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  description: 'description',
};

type Row = Record<string, unknown>;

/**
 * How one alias of a page is selected and read back: `"alias"."column" AS
 * "alias_property"` for each property read (every column when `properties`
 * is undefined), and an entity with those properties set (node-postgres has
 * already parsed dates, arrays and numbers). A property outside the table
 * is a programming error.
 */
class AliasReader<T extends object> {
  readonly select: string;
  private readonly read: Array<[property: string, key: string]>;

  constructor(
    private readonly alias: string,
    private readonly make: () => T,
    columns: Columns<T>,
    properties: readonly string[] | undefined,
  ) {
    const names = properties ?? Object.keys(columns);
    this.read = names.map((property) => [property, `${alias}_${property}`]);
    this.select = names
      .map((property) => {
        const column = (columns as Record<string, string | undefined>)[property];
        if (!column) throw new Error(`${alias}: no column for ${property}`);
        return `"${alias}"."${column}" AS "${alias}_${property}"`;
      })
      .join(', ');
  }

  /** The entity of `row`, or null when its id is NULL (a LEFT JOIN's miss). */
  entity(row: Row): T | null {
    if (row[`${this.alias}_id`] === null) return null;
    const entity = this.make() as Record<string, unknown>;
    for (const [property, key] of this.read) entity[property] = row[key];
    return entity as T;
  }
}

/** Every column of a task, for a statement that returns whole rows (`RETURNING`). */
const TASK_ALL_COLUMNS: Columns<Task> = {
  ...TASK_COLUMNS,
  automationRunId: 'automation_run_id',
  automationStep: 'automation_step',
};

/**
 * How a statement over the alias `task` returns whole tasks: `select` lists
 * every column as `"task"."column" AS "task_property"`, and `entity` reads
 * such a row back into a Task.
 */
export const wholeTask: Pick<AliasReader<Task>, 'select' | 'entity'> = new AliasReader(
  'task',
  () => new Task(),
  TASK_ALL_COLUMNS,
  undefined,
);

/** A board header's counts; a status nobody is in may be missing. */
export interface TaskCounts {
  total?: number;
  overdue?: number;
  byStatus: Partial<Record<TaskStatus, number>>;
}

/** The page's statement and its readers, made once per distinct selection. */
interface PageShape {
  select: string;
  from: string;
  map: (row: Row) => Task;
}

/**
 * The task board's SQL: its list is the busiest query of the product, so it
 * is written out rather than built by TypeORM for every page (building the
 * text and hydrating entities through TypeORM's general transformer were
 * most of a page's CPU). Every statement is scoped by the organization
 * passed in, which comes from the viewer, and leaves soft-deleted tasks out.
 */
@Injectable()
export class TaskRepository {
  /** The prepared statement's name of each page text (and its count's). */
  private readonly statementNames = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly statements: NamedStatements,
  ) {}

  /**
   * Runs a page's statement as a named prepared statement (PostgreSQL plans
   * it once per pooled connection): the board's list is the busiest read.
   */
  private runPage(text: string, values: unknown[]): Promise<Row[]> {
    let name = this.statementNames.get(text);
    if (
      name === undefined &&
      this.statements.prepared &&
      this.statementNames.size < MAX_PREPARED_PAGES
    ) {
      name = `tasks.page.${this.statementNames.size}`;
      this.statementNames.set(text, name);
    }
    if (name === undefined) return this.dataSource.query<Row[]>(text, values);
    return this.statements.runPooled<Row>({ name, text }, values);
  }

  /** Shapes by selection (few: a client's queries select the same fields each time). */
  private readonly shapes = new Map<string, PageShape>();

  /**
   * A page of tasks. With the query's `selection` it reads only the
   * columns the page shows, and the to-one relations it shows (assignee,
   * team) come in the same statement, only their shown columns too: a page
   * of 50 with assignee and team is one narrow query, not three wide ones.
   */
  page(
    tenant: { organizationId: string },
    filter: TaskFilter,
    order: TaskOrder,
    args: ConnectionArgs,
    selection: FieldSelection | undefined,
    queryKey: string,
  ): Promise<ConnectionResult<Task>> {
    const assignee = selection?.child('assignee');
    const team = selection?.child('team');
    const read = {
      task: selection?.properties(this.dataSource.getMetadata(Task)),
      assignee: assignee ? assignee.properties(this.dataSource.getMetadata(User)) : null,
      team: team ? team.properties(this.dataSource.getMetadata(Team)) : null,
    };
    const values: unknown[] = [tenant.organizationId];
    const parameter = (value: unknown): string => `$${values.push(value)}`;
    const where = ['"task"."organization_id" = $1', '"task"."deleted_at" IS NULL'];
    if (filter.status?.length) {
      where.push(`"task"."status" = ANY(${parameter(filter.status)}::task_status[])`);
    }
    if (filter.priority?.length) {
      where.push(`"task"."priority" = ANY(${parameter(filter.priority)}::task_priority[])`);
    }
    if (filter.assigneeId) where.push(`"task"."assignee_id" = ${parameter(filter.assigneeId)}`);
    if (filter.teamId) where.push(`"task"."team_id" = ${parameter(filter.teamId)}`);
    if (filter.parentId) where.push(`"task"."parent_id" = ${parameter(filter.parentId)}`);
    if (filter.label) where.push(`"task"."labels" @> ARRAY[${parameter(filter.label)}]::text[]`);
    if (filter.dueBefore) where.push(`"task"."due_at" < ${parameter(filter.dueBefore)}`);
    if (filter.dueAfter) where.push(`"task"."due_at" > ${parameter(filter.dueAfter)}`);
    const search = filter.search?.trim();
    if (search) {
      where.push(`"task"."search_vector" @@ websearch_to_tsquery('english', ${parameter(search)})`);
    }
    const { select, from, map } = this.shape(read);
    return paginateSql(
      {
        select,
        from,
        where,
        values,
        map,
        run: (text, parameters) => this.runPage(text, parameters),
      },
      args,
      {
        queryKey,
        orderBy: [{ ...ORDER_KEYS[order.field], direction: order.direction }],
        idColumn: 'task.id',
        idSql: '"task"."id"',
      },
    );
  }

  /** Counts for a board header, in one statement: the team's tasks, or all of them without one. */
  async counts(organizationId: string, teamId: string | null): Promise<TaskCounts> {
    const qb = this.tenants.for({ organizationId }).repository(Task).createQueryBuilder('task');
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
    const byStatus: Partial<Record<TaskStatus, number>> = {};
    for (const status of Object.values(TaskStatus)) {
      if (row[`status_${status}`] !== undefined) byStatus[status] = row[`status_${status}`];
    }
    return { total: row.total, overdue: row.overdue, byStatus };
  }

  private shape(read: {
    task?: string[];
    assignee?: string[] | null;
    team?: string[] | null;
  }): PageShape {
    const key = JSON.stringify([read.task, read.assignee, read.team]);
    let shape = this.shapes.get(key);
    if (!shape) {
      if (this.shapes.size >= 1000) this.shapes.clear();
      shape = makeShape(read);
      this.shapes.set(key, shape);
    }
    return shape;
  }
}

/** `null` for a relation: not joined; undefined properties: every column. */
function makeShape(read: {
  task?: string[];
  assignee?: string[] | null;
  team?: string[] | null;
}): PageShape {
  const task = new AliasReader('task', () => new Task(), TASK_COLUMNS, read.task);
  const assignee =
    read.assignee === null
      ? undefined
      : new AliasReader('assignee', () => new User(), USER_COLUMNS, read.assignee);
  const team =
    read.team === null
      ? undefined
      : new AliasReader('team', () => new Team(), TEAM_COLUMNS, read.team);
  let select = task.select;
  let from = '"task" "task"';
  if (assignee) {
    select += `, ${assignee.select}`;
    from += ' LEFT JOIN "app_user" "assignee" ON "assignee"."id" = "task"."assignee_id"';
  }
  if (team) {
    select += `, ${team.select}`;
    // The organization condition keeps the join inside the tenant even for a stray id.
    from +=
      ' LEFT JOIN "team" "team" ON "team"."id" = "task"."team_id"' +
      ' AND "team"."organization_id" = "task"."organization_id"';
  }
  return {
    select,
    from,
    map: (row) => {
      const node = task.entity(row)!;
      if (assignee) node.assignee = assignee.entity(row);
      if (team) node.team = team.entity(row);
      return node;
    },
  };
}
