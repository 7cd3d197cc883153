import type { Viewer } from '@/access/viewer';
import { BadUserInputError, NotFoundError } from '@/common/errors/domain-errors';
import type { TenantScope } from '@/database/tenant-scope';
import type { Transaction, TransactionService } from '@/database/transaction.service';
import type { OutboxService } from '@/messaging/outbox/outbox.service';
import type { MembersService } from '@/modules/organizations/members.service';
import { Role } from '@/access/role';
import type { TeamsService } from '@/modules/organizations/teams.service';
import { TaskChangeRecorder, taskChangedTopic } from './task-change-recorder.service';
import { TaskCommandsService } from './task-commands.service';
import { TaskCommentsService } from './task-comments.service';
import { TaskDeleteService } from './task-delete.service';
import { TaskMoveService } from './task-move.service';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import type { TaskTreeRepository } from './task-tree.repository';
import { MIN_POSITION_GAP, POSITION_STEP, TASK_MAX_DEPTH } from './task-types';
import { ChangeKind, TaskPriority, TaskSource, TaskStatus } from './task.enums';

/*
 * The task command services (create/update, move, delete, comments) with
 * their collaborators faked at the constructor. TaskTreeRepository (depth,
 * height, cycle walk, subtree delete, renumbering, sibling positions) is
 * answered by an in-memory tree, so these specs test the decisions the
 * services take on those answers, not the SQL itself (the e2e suite does).
 */

const ORG = '00000000-0000-4000-8000-0000000000aa';
const USER = '00000000-0000-4000-8000-0000000000bb';
const TEAM_A = '00000000-0000-4000-8000-00000000000a';
const TEAM_B = '00000000-0000-4000-8000-00000000000b';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const userViewer: Viewer = {
  kind: 'user',
  organizationId: ORG,
  role: Role.AGENT,
  userId: USER,
  sessionId: 's1',
  apiKeyId: null,
  expiresAt: null,
};
const keyViewer: Viewer = {
  ...userViewer,
  kind: 'api-key',
  userId: null,
  sessionId: null,
  apiKeyId: 'k1',
};

function makeTask(n: number, data: Partial<Task> = {}): Task {
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
class World {
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
    save: jest.fn(async (task: Task) => {
      const saved = { ...task, id: task.id ?? id(this.nextId++) };
      this.rows.set(saved.id, saved);
      return saved;
    }),
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
    lastPosition: this.call(
      'lastPosition',
      (_manager: unknown, _org: string, parentId: string | null) => {
        const positions = this.positions(parentId);
        return positions.length ? Math.max(...positions) : 0;
      },
    ),
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

function setup() {
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
  const outbox = { publish: jest.fn().mockResolvedValue('event-id') };
  const members = { isMember: jest.fn().mockResolvedValue(true) };
  const teams = {
    findByIds: jest.fn(async (_org: string, ids: string[]) =>
      ids.filter((team) => [TEAM_A, TEAM_B].includes(team)).map((team) => ({ id: team })),
    ),
  };
  const changes = new TaskChangeRecorder(audit, outbox as unknown as OutboxService);
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
  const deletions = new TaskDeleteService(scope, run, audit, changes, tree);
  const comments = new TaskCommentsService(scope, run, audit, changes);
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
async function badInput(work: Promise<unknown>, path: string): Promise<string> {
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
function chain(world: World, start: number, length: number): Task {
  let parent: Task | null = null;
  for (let n = start; n < start + length; n++) {
    const task: Task = makeTask(n, { parentId: parent?.id ?? null, position: POSITION_STEP });
    world.add(task);
    parent = task;
  }
  return parent!;
}

describe('TaskCommandsService.create', () => {
  it('fills in the defaults and puts a new top-level task last', async () => {
    const { world, service } = setup();
    world.add(makeTask(1, { position: 1024 }), makeTask(2, { position: 5000 }));
    world.add(makeTask(3, { parentId: id(1), position: 99_999 }));
    const task = await service.create(userViewer, { title: 'Call back' });
    expect(task).toMatchObject({
      title: 'Call back',
      description: null,
      status: TaskStatus.TODO,
      priority: TaskPriority.MEDIUM,
      priorityRank: 2,
      completedAt: null,
      assigneeId: null,
      teamId: null,
      parentId: null,
      labels: [],
      creatorId: USER,
      creatorApiKeyId: null,
      source: TaskSource.WEB,
      // Last among the top-level tasks only: the subtask at 99 999 is another list.
      position: 5000 + POSITION_STEP,
    });
  });

  it('starts an empty list at one step, and marks API-key tasks as coming from the API', async () => {
    const { service } = setup();
    const task = await service.create(keyViewer, {
      title: 'From a script',
      priority: TaskPriority.URGENT,
    });
    expect(task.position).toBe(POSITION_STEP);
    expect(task.source).toBe(TaskSource.API);
    expect(task.creatorId).toBeNull();
    expect(task.creatorApiKeyId).toBe('k1');
    expect(task.priorityRank).toBe(4);
  });

  it('stamps completedAt on a task created DONE, and only then', async () => {
    const { service } = setup();
    const before = Date.now();
    const done = await service.create(userViewer, { title: 'Done', status: TaskStatus.DONE });
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(before);
    const cancelled = await service.create(userViewer, {
      title: 'Dropped',
      status: TaskStatus.CANCELLED,
    });
    expect(cancelled.completedAt).toBeNull();
  });

  it('refuses an assignee who is not a member, before opening a transaction', async () => {
    const { service, members, transactions } = setup();
    members.isMember.mockResolvedValue(false);
    const message = await badInput(
      service.create(userViewer, { title: 'x', assigneeId: id(77) }),
      'input.assigneeId',
    );
    expect(message).toBe('not a member of this organization');
    expect(members.isMember).toHaveBeenCalledWith(ORG, id(77));
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('refuses a team of another organization', async () => {
    const { service, teams, world } = setup();
    await badInput(service.create(userViewer, { title: 'x', teamId: id(404) }), 'input.teamId');
    expect(teams.findByIds).toHaveBeenCalledWith(ORG, [id(404)]);
    expect(world.tasks.save).not.toHaveBeenCalled();
  });

  it('refuses an unknown parent', async () => {
    const { service, world } = setup();
    const message = await badInput(
      service.create(userViewer, { title: 'x', parentId: id(9) }),
      'input.parentId',
    );
    expect(message).toBe('no such task');
    expect(world.tasks.save).not.toHaveBeenCalled();
  });

  it(`nests subtasks at most ${TASK_MAX_DEPTH} levels deep`, async () => {
    const { service, world } = setup();
    const deepestAllowedParent = chain(world, 1, TASK_MAX_DEPTH - 1);
    const ok = await service.create(userViewer, { title: 'ok', parentId: deepestAllowedParent.id });
    expect(ok.parentId).toBe(deepestAllowedParent.id);
    // `ok` is at depth TASK_MAX_DEPTH: nothing may go under it.
    const message = await badInput(
      service.create(userViewer, { title: 'too deep', parentId: ok.id }),
      'input.parentId',
    );
    expect(message).toContain(`${TASK_MAX_DEPTH} levels`);
  });

  it('puts a subtask on its parent’s team unless the input names one (or null)', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }));
    const inherited = await service.create(userViewer, { title: 'a', parentId: id(1) });
    expect(inherited.teamId).toBe(TEAM_A);
    const other = await service.create(userViewer, {
      title: 'b',
      parentId: id(1),
      teamId: TEAM_B,
    });
    expect(other.teamId).toBe(TEAM_B);
    const none = await service.create(userViewer, { title: 'c', parentId: id(1), teamId: null });
    expect(none.teamId).toBeNull();
    // Subtasks are appended to the parent's list, not the top level.
    expect([inherited.position, other.position, none.position]).toEqual([1024, 2048, 3072]);
  });

  it('audits the creation and publishes a CREATED event on the organization’s topic', async () => {
    const { service, outbox, audits, events } = setup();
    const task = await service.create(userViewer, {
      title: 'x',
      teamId: TEAM_A,
      labels: ['a'],
    });
    expect(audits()).toEqual([
      {
        action: 'task.created',
        entityType: 'Task',
        entityId: task.id,
        before: null,
        after: expect.objectContaining({ title: 'x', teamId: TEAM_A, labels: ['a'] }),
      },
    ]);
    expect(outbox.publish.mock.calls[0][1]).toBe(ORG);
    expect(outbox.publish.mock.calls[0][2]).toBe(taskChangedTopic(ORG));
    expect(taskChangedTopic(ORG)).toBe(`task.changed.${ORG}`);
    expect(events()).toEqual([
      { kind: ChangeKind.CREATED, taskId: task.id, teamId: TEAM_A, previousTeamId: null },
    ]);
  });
});

describe('TaskCommandsService.update', () => {
  it('answers NOT_FOUND for a malformed id without touching the database', async () => {
    const { service, transactions } = setup();
    await expect(service.update(userViewer, 'nope', { title: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('changes only the fields given; null clears', async () => {
    const { service, world } = setup();
    const due = new Date('2030-01-01T00:00:00Z');
    world.add(makeTask(1, { description: 'old', dueAt: due, labels: ['x'], teamId: TEAM_A }));
    const saved = await service.update(userViewer, id(1), {
      description: null,
      priority: TaskPriority.HIGH,
    });
    expect(saved).toMatchObject({
      title: 'Task 1',
      description: null,
      priority: TaskPriority.HIGH,
      priorityRank: 3,
      dueAt: due,
      labels: ['x'],
      teamId: TEAM_A,
    });
  });

  it('sets completedAt on entering DONE, clears it on leaving, keeps it on DONE → DONE', async () => {
    const { service, world } = setup();
    world.add(makeTask(1));
    const done = await service.update(userViewer, id(1), { status: TaskStatus.DONE });
    const stamped = done.completedAt;
    expect(stamped).toBeInstanceOf(Date);
    const again = await service.update(userViewer, id(1), {
      status: TaskStatus.DONE,
      title: 'renamed',
    });
    expect(again.completedAt).toBe(stamped);
    const reopened = await service.update(userViewer, id(1), {
      status: TaskStatus.IN_PROGRESS,
    });
    expect(reopened.completedAt).toBeNull();
    expect(reopened.status).toBe(TaskStatus.IN_PROGRESS);
  });

  it('checks a new assignee and team like create does', async () => {
    const { service, members, world } = setup();
    world.add(makeTask(1));
    members.isMember.mockResolvedValue(false);
    await badInput(service.update(userViewer, id(1), { assigneeId: id(5) }), 'input.assigneeId');
    members.isMember.mockResolvedValue(true);
    await badInput(service.update(userViewer, id(1), { teamId: id(6) }), 'input.teamId');
    // Clearing them needs no check.
    const cleared = await service.update(userViewer, id(1), { assigneeId: null, teamId: null });
    expect(cleared.assigneeId).toBeNull();
    expect(members.isMember).toHaveBeenCalledTimes(1);
  });

  it('audits before and after, and tells subscribers the team it left', async () => {
    const { service, world, audits, events } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }));
    await service.update(userViewer, id(1), { teamId: TEAM_B, title: 'moved' });
    const [entry] = audits();
    expect(entry.action).toBe('task.updated');
    expect(entry.before).toMatchObject({ teamId: TEAM_A, title: 'Task 1' });
    expect(entry.after).toMatchObject({ teamId: TEAM_B, title: 'moved' });
    expect(events()).toEqual([
      { kind: ChangeKind.UPDATED, taskId: id(1), teamId: TEAM_B, previousTeamId: TEAM_A },
    ]);
  });

  it('answers NOT_FOUND for an unknown task', async () => {
    const { service, audit } = setup();
    await expect(service.update(userViewer, id(3), { title: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(audit.record).not.toHaveBeenCalled();
  });
});

describe('TaskMoveService.move', () => {
  it('serialises moves per organization with an advisory lock taken first', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2));
    await service.move(userViewer, id(1), { afterTaskId: id(2) });
    expect(world.calls[0]).toBe('lockTree');
    expect(world.tree.lockTree).toHaveBeenCalledWith(world.manager, ORG);
    // Before any row lock.
    expect(world.tree.lockTree.mock.invocationCallOrder[0]).toBeLessThan(
      world.tasks.get.mock.invocationCallOrder[0],
    );
  });

  it('puts a task first (midway to the first sibling) when no afterTaskId is given', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { position: 1000 }), makeTask(2, { position: 3000 }), makeTask(3));
    const moved = await service.move(userViewer, id(3), {});
    expect(moved.position).toBe(500);
  });

  it('puts a task midway between afterTask and its next sibling, or a step after the last', async () => {
    const { service, world } = setup();
    world.add(
      makeTask(1, { position: 1000 }),
      makeTask(2, { position: 2000 }),
      makeTask(3, { position: 3000 }),
    );
    expect((await service.move(userViewer, id(3), { afterTaskId: id(1) })).position).toBe(1500);
    expect((await service.move(userViewer, id(1), { afterTaskId: id(2) })).position).toBe(
      2000 + POSITION_STEP,
    );
  });

  it('reparents, and moves to the top level with parentId null', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2), makeTask(3, { parentId: id(1) }));
    const under = await service.move(userViewer, id(2), { parentId: id(1), afterTaskId: id(3) });
    expect(under.parentId).toBe(id(1));
    expect(under.position).toBe(world.rows.get(id(3))!.position + POSITION_STEP);
    // parentId left out: stays under its parent.
    expect((await service.move(userViewer, id(2), {})).parentId).toBe(id(1));
    expect((await service.move(userViewer, id(2), { parentId: null })).parentId).toBeNull();
  });

  it('refuses an unknown parent', async () => {
    const { service, world } = setup();
    world.add(makeTask(1));
    expect(
      await badInput(service.move(userViewer, id(1), { parentId: id(9) }), 'input.parentId'),
    ).toBe('no such task');
  });

  it('refuses to move a task under itself or one of its descendants', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2, { parentId: id(1) }), makeTask(3, { parentId: id(2) }));
    for (const parentId of [id(1), id(3)]) {
      const message = await badInput(
        service.move(userViewer, id(1), { parentId }),
        'input.parentId',
      );
      expect(message).toBe('a task cannot be moved under itself or its subtasks');
    }
    expect(world.tasks.save).not.toHaveBeenCalled();
  });

  it('counts the moved subtree’s height against the depth limit', async () => {
    const { service, world } = setup();
    const deep = chain(world, 1, TASK_MAX_DEPTH - 2); // depth 30
    world.add(makeTask(100), makeTask(101)); // 101: height 1
    const ok = await service.move(userViewer, id(101), { parentId: deep.id });
    expect(ok.parentId).toBe(deep.id); // 30 + 1 = 31
    world.rows.get(id(101))!.parentId = id(100);
    world.add(makeTask(102, { parentId: id(101) })); // now height 3 below id(100)
    await service.move(userViewer, id(100), { parentId: world.rows.get(deep.parentId!)!.id }); // 29 + 3 = 32
    const message = await badInput(
      service.move(userViewer, id(100), { parentId: deep.id }), // 30 + 3 = 33
      'input.parentId',
    );
    expect(message).toContain(`${TASK_MAX_DEPTH} levels`);
  });

  it('refuses to put a task after itself or after a task of another list', async () => {
    const { service, world } = setup();
    world.add(makeTask(1), makeTask(2), makeTask(3, { parentId: id(2) }));
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(1) }), 'input.afterTaskId'),
    ).toBe('a task cannot follow itself');
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(3) }), 'input.afterTaskId'),
    ).toBe('not a task of the target list');
    expect(
      await badInput(service.move(userViewer, id(1), { afterTaskId: id(9) }), 'input.afterTaskId'),
    ).toBe('not a task of the target list');
  });

  it('renumbers the list when the gap is exhausted, then takes the midpoint', async () => {
    const { service, world } = setup();
    world.add(
      makeTask(1, { position: 1 }),
      makeTask(2, { position: 1 + MIN_POSITION_GAP / 10 }),
      makeTask(3, { position: 50 }),
    );
    const moved = await service.move(userViewer, id(3), { afterTaskId: id(1) });
    expect(world.calls.includes('renumber')).toBe(true);
    expect(world.rows.get(id(1))!.position).toBe(POSITION_STEP);
    expect(world.rows.get(id(2))!.position).toBe(2 * POSITION_STEP);
    expect(moved.position).toBe(1.5 * POSITION_STEP);
  });

  it('does not renumber while the gap is still wide enough', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { position: 1 }), makeTask(2, { position: 1 + 4 * MIN_POSITION_GAP }));
    world.add(makeTask(3, { position: 50 }));
    const moved = await service.move(userViewer, id(3), { afterTaskId: id(1) });
    expect(world.calls.includes('renumber')).toBe(false);
    expect(moved.position).toBeGreaterThan(1);
    expect(moved.position).toBeLessThan(1 + 4 * MIN_POSITION_GAP);
  });

  it('audits the move with the old and new place', async () => {
    const { service, world, audits, events } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }), makeTask(2));
    await service.move(userViewer, id(1), { parentId: id(2) });
    const [entry] = audits();
    expect(entry.action).toBe('task.moved');
    expect(entry.before).toMatchObject({ parentId: null, position: 1024 });
    expect(entry.after).toMatchObject({ parentId: id(2), position: POSITION_STEP });
    expect(events()).toEqual([
      { kind: ChangeKind.UPDATED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
    ]);
  });
});

describe('TaskDeleteService.delete', () => {
  it('deletes the subtree, audits once, and publishes DELETED for every task', async () => {
    const { service, world, audits, events } = setup();
    world.add(
      makeTask(1, { teamId: TEAM_A }),
      makeTask(2, { parentId: id(1), teamId: TEAM_B }),
      makeTask(3, { parentId: id(2) }),
      makeTask(4),
    );
    expect(await service.delete(userViewer, id(1))).toBe(true);
    expect([...world.rows.keys()]).toEqual([id(4)]);
    expect(audits()).toEqual([
      {
        action: 'task.deleted',
        entityType: 'Task',
        entityId: id(1),
        before: expect.objectContaining({ title: 'Task 1', teamId: TEAM_A }),
        after: { deleted: true, subtasksDeleted: 2 },
      },
    ]);
    expect(events()).toEqual([
      { kind: ChangeKind.DELETED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
      { kind: ChangeKind.DELETED, taskId: id(2), teamId: TEAM_B, previousTeamId: TEAM_B },
      { kind: ChangeKind.DELETED, taskId: id(3), teamId: null, previousTeamId: null },
    ]);
  });

  it('answers NOT_FOUND for an unknown task and deletes nothing', async () => {
    const { service, world, outbox } = setup();
    await expect(service.delete(userViewer, id(5))).rejects.toBeInstanceOf(NotFoundError);
    expect(world.calls.includes('softDeleteSubtree')).toBe(false);
    expect(outbox.publish).not.toHaveBeenCalled();
  });
});

describe('TaskCommentsService.addComment', () => {
  it('stores the comment by its author, audits it and announces the task as updated', async () => {
    const { service, world, audits, events } = setup();
    world.add(makeTask(1, { teamId: TEAM_A }));
    const comment = await service.addComment(keyViewer, id(1), 'Called, no answer');
    expect(comment).toMatchObject({
      taskId: id(1),
      authorId: null,
      authorApiKeyId: 'k1',
      body: 'Called, no answer',
      organizationId: ORG,
    });
    expect(audits()).toEqual([
      {
        action: 'task.comment_added',
        entityType: 'Task',
        entityId: id(1),
        after: { commentId: comment.id },
      },
    ]);
    expect(events()).toEqual([
      { kind: ChangeKind.UPDATED, taskId: id(1), teamId: TEAM_A, previousTeamId: TEAM_A },
    ]);
  });

  it('refuses a comment on an unknown task', async () => {
    const { service, world } = setup();
    await expect(service.addComment(userViewer, id(1), 'x')).rejects.toBeInstanceOf(NotFoundError);
    expect(world.comments).toEqual([]);
  });
});
