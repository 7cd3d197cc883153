import { NotFoundError } from '@/common/errors/domain-errors';
import { taskChangedTopic } from './task-change-recorder.service';
import { POSITION_STEP, TASK_MAX_DEPTH } from './task-types';
import { ChangeKind, TaskPriority, TaskSource, TaskStatus } from './task.enums';
import {
  ORG,
  USER,
  TEAM_A,
  TEAM_B,
  id,
  userViewer,
  keyViewer,
  makeTask,
  setup,
  badInput,
  chain,
} from './task-commands.spec-fixtures';

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
    expect(world.tree.insertLast).not.toHaveBeenCalled();
  });

  it('refuses an unknown parent', async () => {
    const { service, world } = setup();
    const message = await badInput(
      service.create(userViewer, { title: 'x', parentId: id(9) }),
      'input.parentId',
    );
    expect(message).toBe('no such task');
    expect(world.tree.insertLast).not.toHaveBeenCalled();
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

  it('writes the row back once when a field changes, and not at all when none does', async () => {
    const { service, world } = setup();
    world.add(makeTask(1, { labels: ['x'], dueAt: new Date('2030-01-01T00:00:00Z') }));
    const same = await service.update(userViewer, id(1), {
      title: 'Task 1',
      labels: ['x'],
      dueAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(same.title).toBe('Task 1');
    expect(world.tree.writeBack).not.toHaveBeenCalled();
    await service.update(userViewer, id(1), { labels: ['x', 'y'] });
    expect(world.tree.writeBack).toHaveBeenCalledTimes(1);
    expect(world.tree.writeBack.mock.calls[0][2]).toMatchObject({ id: id(1), labels: ['x', 'y'] });
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
