import type { Viewer } from '@/access/viewer';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import type { TenantScope } from '@/database/tenant-scope';
import type { Transaction, TransactionService } from '@/database/transaction.service';
import type { OutboxService } from '@/messaging/outbox/outbox.service';
import type { AuditService } from '@/modules/audit/audit.service';
import type { MembersService } from '@/modules/organizations/members.service';
import { Role } from '@/access/role';
import type { TeamsService } from '@/modules/organizations/teams.service';
import { TaskChangeRecorder } from './task-change-recorder.service';
import { TaskCommandsService } from './task-commands.service';
import { TaskCommentsService } from './task-comments.service';
import { TaskDeleteService } from './task-delete.service';
import { TaskMoveService } from './task-move.service';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import type { NewTask, TaskTreeRepository } from './task-tree.repository';
import { POSITION_STEP } from './task-types';
import { TaskPriority, TaskStatus } from './task.enums';

/*
 * Shared by the task command services' specs (task-*.service.spec.ts).
 * The task command services (create/update, move, delete, comments) with
 * their collaborators faked at the constructor. TaskTreeRepository (depth,
 * height, cycle walk, subtree delete, renumbering, sibling positions) is
 * answered by an in-memory tree, so these specs test the decisions the
 * services take on those answers, not the SQL itself (the e2e suite does).
 */

export const ORG = '00000000-0000-4000-8000-0000000000aa';
export const USER = '00000000-0000-4000-8000-0000000000bb';
export const TEAM_A = '00000000-0000-4000-8000-00000000000a';
export const TEAM_B = '00000000-0000-4000-8000-00000000000b';
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const userViewer: Viewer = {
  kind: 'user',
  organizationId: ORG,
  role: Role.AGENT,
  userId: USER,
  sessionId: 's1',
  apiKeyId: null,
  expiresAt: null,
};
export const keyViewer: Viewer = {
  ...userViewer,
  kind: 'api-key',
  userId: null,
  sessionId: null,
  apiKeyId: 'k1',
};

export function makeTask(n: number, data: Partial<Task> = {}): Task {
  return {
    id: id(n),
    organizationId: ORG,
    title: `Task ${n}`,
    description: null,
    status: TaskStatus.TODO,
    priority: TaskPriority.MEDIUM,
    priorityRank: 2,
    dueAt: null,
    completedAt: null,
    assigneeId: null,
    teamId: null,
    parentId: null,
    labels: [],
    position: n * POSITION_STEP,
    ...data,
  } as Task;
}

/** Tasks in memory, answering both the tenant repository and TaskTreeRepository. */
export class World {
  readonly rows = new Map<string, Task>();
  readonly comments: TaskComment[] = [];
  /** TaskTreeRepository's methods, by name, in the order they were called. */
  readonly calls: string[] = [];
  private nextId = 1000;

  add(...tasks: Task[]): void {
    for (const task of tasks) this.rows.set(task.id, task);
  }

  private siblings(parentId: string | null, except?: string): Task[] {
    return [...this.rows.values()].filter(
      (task) => (task.parentId ?? null) === (parentId ?? null) && task.id !== except,
    );
  }

  private depth(taskId: string): number {
    let depth = 0;
    for (let task = this.rows.get(taskId); task; task = this.rows.get(task.parentId ?? '')) {
      depth += 1;
    }
    return depth;
  }

  private height(taskId: string): number {
    const children = [...this.rows.values()].filter((task) => task.parentId === taskId);
    return 1 + Math.max(0, ...children.map((child) => this.height(child.id)));
  }

  private subtree(taskId: string): Task[] {
    const children = [...this.rows.values()].filter((task) => task.parentId === taskId);
    return [this.rows.get(taskId)!, ...children.flatMap((child) => this.subtree(child.id))];
  }

  readonly tasks = {
    findOneBy: jest.fn(async ({ id }: { id: string }) => this.rows.get(id) ?? null),
    get: jest.fn(async (taskId: string, entity: string) => {
      const row = this.rows.get(taskId);
      if (!row) throw new NotFoundError(entity, taskId);
      return row;
    }),
    create: (data: Partial<Task>) => ({ ...data, organizationId: ORG }) as Task,
  };

  readonly commentRepository = {
    create: (data: Partial<TaskComment>) => ({ ...data, organizationId: ORG }) as TaskComment,
    save: jest.fn(async (comment: TaskComment) => {
      const saved = { ...comment, id: id(this.nextId++) };
      this.comments.push(saved);
      return saved;
    }),
  };

  /** The transaction's EntityManager: only passed along to the tree repository. */
  readonly manager = { transaction: 'manager' };

  private positions(parentId: string | null, except?: string, above?: number | null): number[] {
    return this.siblings(parentId, except)
      .map((task) => task.position)
      .filter((position) => above === undefined || above === null || position > above);
  }

  private call<A extends unknown[], R>(name: string, answer: (...args: A) => R) {
    return jest.fn(async (...args: A) => {
      // Inside the command's transaction, for the viewer's organization.
      expect(args[0]).toBe(this.manager);
      expect(args[1]).toBe(ORG);
      this.calls.push(name);
      return answer(...args);
    });
  }

  readonly tree = {
    lockTree: this.call('lockTree', (_manager: unknown, _org: string) => undefined),
    depthOf: this.call('depthOf', (_manager: unknown, _org: string, taskId: string) =>
      this.depth(taskId),
    ),
    heightOf: this.call('heightOf', (_manager: unknown, _org: string, taskId: string) =>
      this.height(taskId),
    ),
    isSelfOrDescendant: this.call(
      'isSelfOrDescendant',
      (_manager: unknown, _org: string, taskId: string, candidateId: string) => {
        for (let at = this.rows.get(candidateId); at; at = this.rows.get(at.parentId ?? '')) {
          if (at.id === taskId) return true;
        }
        return false;
      },
    ),
    softDeleteSubtree: this.call(
      'softDeleteSubtree',
      (_manager: unknown, _org: string, taskId: string) => {
        const removed = this.subtree(taskId);
        for (const task of removed) this.rows.delete(task.id);
        return removed.map((task) => ({ id: task.id, teamId: task.teamId }));
      },
    ),
    renumber: this.call(
      'renumber',
      (_manager: unknown, _org: string, parentId: string | null, movingId: string) => {
        const ordered = this.siblings(parentId, movingId).sort(
          (a, b) => a.position - b.position || a.id.localeCompare(b.id),
        );
        ordered.forEach((task, index) => (task.position = (index + 1) * POSITION_STEP));
      },
    ),
    insertLast: this.call('insertLast', (_manager: unknown, org: string, data: NewTask) => {
      const positions = this.positions(data.parentId);
      const task = {
        ...data,
        id: id(this.nextId++),
        organizationId: org,
        position: (positions.length ? Math.max(...positions) : 0) + POSITION_STEP,
      } as Task;
      this.rows.set(task.id, task);
      return task;
    }),
    writeBack: this.call('writeBack', (_manager: unknown, _org: string, task: Task) => {
      const written = { ...task, updatedAt: new Date() };
      this.rows.set(task.id, written);
      return written;
    }),
    nextPosition: this.call(
      'nextPosition',
      (
        _manager: unknown,
        _org: string,
        parentId: string | null,
        movingId: string,
        afterPosition: number | null,
      ) => {
        const positions = this.positions(parentId, movingId, afterPosition);
        return positions.length ? Math.min(...positions) : null;
      },
    ),
  };
}

export function setup() {
  const world = new World();
  const tenants = {
    for: jest.fn((tenant: { organizationId: string }) => {
      expect(tenant.organizationId).toBe(ORG);
      return {
        organizationId: tenant.organizationId,
        repository: (entity: unknown) => (entity === Task ? world.tasks : world.commentRepository),
      };
    }),
  };
  const transactions = {
    run: jest.fn((work: (transaction: Transaction) => Promise<unknown>) =>
      work({ manager: world.manager, afterCommit: () => undefined } as unknown as Transaction),
    ),
  };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const auditService = audit as unknown as AuditService;
  const outbox = {
    publish: jest.fn().mockResolvedValue('event-id'),
    triggerAutomations: jest.fn().mockResolvedValue(undefined),
  };
  const members = { isMember: jest.fn().mockResolvedValue(true) };
  const teams = {
    findByIds: jest.fn(async (_org: string, ids: string[]) =>
      ids.filter((team) => [TEAM_A, TEAM_B].includes(team)).map((team) => ({ id: team })),
    ),
  };
  const changes = new TaskChangeRecorder(auditService, outbox as unknown as OutboxService);
  const tree = world.tree as unknown as TaskTreeRepository;
  const scope = tenants as unknown as TenantScope;
  const run = transactions as unknown as TransactionService;
  const commands = new TaskCommandsService(
    scope,
    run,
    changes,
    tree,
    members as unknown as MembersService,
    teams as unknown as TeamsService,
  );
  const moves = new TaskMoveService(scope, run, changes, tree);
  const deletions = new TaskDeleteService(scope, run, auditService, changes, tree);
  const comments = new TaskCommentsService(scope, run, auditService, changes);
  // The resolver's calls, each on the service that now holds it.
  const service = {
    create: commands.create.bind(commands),
    update: commands.update.bind(commands),
    move: moves.move.bind(moves),
    delete: deletions.delete.bind(deletions),
    addComment: comments.addComment.bind(comments),
  };
  const events = () => outbox.publish.mock.calls.map((call) => call[3] as Record<string, unknown>);
  const audits = () => audit.record.mock.calls.map((call) => call[2] as Record<string, unknown>);
  return { world, service, transactions, audit, outbox, members, teams, events, audits };
}

/** Runs `work`, expecting a BAD_USER_INPUT naming `path`; returns its message. */
export async function badInput(work: Promise<unknown>, path: string): Promise<string> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BadUserInputError);
  const bad = error as BadUserInputError;
  expect(bad.code).toBe('BAD_USER_INPUT');
  const fields = bad.details?.fields as Array<{ path: string; message: string }>;
  expect(fields.map((field) => field.path)).toEqual([path]);
  return fields[0].message;
}

/** A chain of `length` tasks, each the child of the one before; returns the deepest. */
export function chain(world: World, start: number, length: number): Task {
  let parent: Task | null = null;
  for (let n = start; n < start + length; n++) {
    const task: Task = makeTask(n, { parentId: parent?.id ?? null, position: POSITION_STEP });
    world.add(task);
    parent = task;
  }
  return parent!;
}
