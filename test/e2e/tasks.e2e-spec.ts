import {
  Account,
  addMemberWithRole,
  addTeamMember,
  createApiKey,
  createTeam,
  gqlError,
  gqlOk,
  Member,
  registerUser,
} from '../factories/identity.factory';
import {
  ADD_TASK_COMMENT,
  createTask,
  DELETE_TASK,
  MOVE_TASK,
  TASK,
  TASKS,
  UPDATE_TASK,
} from '../factories/task.factory';
import { recordStatements } from '../utils/record-statements';
import { startApi, TestApp } from '../utils/test-app';

describe('tasks', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  /** An organization with an owner, an AGENT, a VIEWER and a team. */
  async function organization(): Promise<{
    owner: Account;
    agent: Member;
    viewer: Member;
    teamId: string;
  }> {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    const viewer = await addMemberWithRole(api, owner, 'VIEWER');
    const team = await createTeam(api, owner);
    await addTeamMember(api, owner, team.id, agent.userId);
    return { owner, agent, viewer, teamId: team.id };
  }

  const list = async (token: string, variables: Record<string, unknown>) =>
    (await gqlOk(api, TASKS, variables, token)).tasks;
  const titles = (connection: { nodes: Array<{ title: string }> }) =>
    connection.nodes.map((node) => node.title);

  describe('writing', () => {
    it('creates a task with defaults, the caller as creator and source WEB', async () => {
      const { agent, teamId } = await organization();
      const task = await createTask(api, agent.accessToken, {
        title: '  Call the supplier  ',
        assigneeId: agent.userId,
        teamId,
        labels: ['phone', 'urgent'],
      });

      expect(task).toMatchObject({
        title: 'Call the supplier',
        description: null,
        status: 'TODO',
        priority: 'MEDIUM',
        completedAt: null,
        labels: ['phone', 'urgent'],
        position: 1024,
        source: 'WEB',
        assignee: { id: agent.userId },
        creator: { id: agent.userId },
        team: { id: teamId },
        parent: null,
      });
      const second = await createTask(api, agent.accessToken);
      expect(second.position).toBe(2048);
    });

    it('keeps completedAt consistent with the status through complete and reopen', async () => {
      const { agent } = await organization();
      const task = await createTask(api, agent.accessToken);
      const update = async (input: Record<string, unknown>) =>
        (await gqlOk(api, UPDATE_TASK, { id: task.id, input }, agent.accessToken)).updateTask;

      const done = await update({ status: 'DONE' });
      expect(done.completedAt).not.toBeNull();
      const renamed = await update({ title: 'Renamed', priority: 'URGENT' });
      expect(renamed).toMatchObject({
        title: 'Renamed',
        priority: 'URGENT',
        completedAt: done.completedAt,
      });
      const reopened = await update({ status: 'IN_PROGRESS' });
      expect(reopened.completedAt).toBeNull();
      const cleared = await update({ dueAt: '2030-01-01T00:00:00.000Z', labels: ['x'] });
      expect(cleared).toMatchObject({ dueAt: '2030-01-01T00:00:00.000Z', labels: ['x'] });
      expect((await update({ dueAt: null })).dueAt).toBeNull();
      const created = await createTask(api, agent.accessToken, { status: 'DONE' });
      expect(created.completedAt).not.toBeNull();
    });

    it('stores what updateTask and moveTask change, with a new updatedAt only when something changed', async () => {
      const { agent, teamId } = await organization();
      const token = agent.accessToken;
      const parent = await createTask(api, token, { title: 'write-back parent' });
      const task = await createTask(api, token, { title: 'write-back' });
      const read = async () => (await gqlOk(api, TASK, { id: task.id }, token)).task;
      const update = async (input: Record<string, unknown>) =>
        (await gqlOk(api, UPDATE_TASK, { id: task.id, input }, token)).updateTask;
      const created = await read();

      const input = {
        title: 'written back',
        description: 'every field',
        status: 'DONE',
        priority: 'LOW',
        dueAt: '2031-02-03T04:05:06.007Z',
        assigneeId: agent.userId,
        teamId,
        labels: ['one', 'two'],
      };
      const updated = await update(input);
      expect(new Date(updated.updatedAt).getTime()).toBeGreaterThan(
        new Date(created.updatedAt).getTime(),
      );
      const stored = await read();
      expect(stored).toEqual(updated);
      const { assigneeId, teamId: team, ...scalars } = input;
      expect(stored).toMatchObject({
        ...scalars,
        assignee: { id: assigneeId },
        team: { id: team },
      });
      expect(stored.completedAt).not.toBeNull();

      // The same values again: nothing written, updatedAt kept.
      expect(await update(input)).toEqual(stored);
      expect(await read()).toEqual(stored);

      const moved = (
        await gqlOk(api, MOVE_TASK, { id: task.id, input: { parentId: parent.id } }, token)
      ).moveTask;
      expect(moved.parent).toEqual({ id: parent.id });
      expect(new Date(moved.updatedAt).getTime()).toBeGreaterThan(
        new Date(stored.updatedAt).getTime(),
      );
      expect(await read()).toEqual(moved);
    });

    it('refuses an assignee, team or parent of another organization with BAD_USER_INPUT', async () => {
      const mine = await organization();
      const theirs = await organization();
      const foreignTask = await createTask(api, theirs.agent.accessToken);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ assigneeId: theirs.agent.userId }, 'input.assigneeId'],
        [{ teamId: theirs.teamId }, 'input.teamId'],
        [{ parentId: foreignTask.id }, 'input.parentId'],
      ];
      for (const [input, path] of cases) {
        const error = await gqlError(
          api,
          'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }',
          { input: { title: 'Nope', ...input } },
          mine.agent.accessToken,
        );
        expect({ path, code: error.code }).toEqual({ path, code: 'BAD_USER_INPUT' });
        expect(error.extensions.fields).toEqual([expect.objectContaining({ path })]);
      }
      const own = await createTask(api, mine.agent.accessToken);
      const update = await gqlError(
        api,
        UPDATE_TASK,
        { id: own.id, input: { assigneeId: theirs.agent.userId } },
        mine.agent.accessToken,
      );
      expect(update.code).toBe('BAD_USER_INPUT');
    });

    it('validates every input field', async () => {
      const { agent } = await organization();
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ title: '   ' }, 'input.title'],
        [{ title: 'x'.repeat(501) }, 'input.title'],
        [{ title: 'ok', description: 'x'.repeat(20_001) }, 'input.description'],
        [{ title: 'ok', labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }, 'input.labels'],
        [{ title: 'ok', labels: ['x'.repeat(51)] }, 'input.labels'],
        [{ title: 'ok', assigneeId: 'not-a-uuid' }, 'input.assigneeId'],
      ];
      for (const [input, path] of bad) {
        const error = await gqlError(
          api,
          'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }',
          { input },
          agent.accessToken,
        );
        expect({ path, code: error.code }).toEqual({ path, code: 'BAD_USER_INPUT' });
        expect(JSON.stringify(error.extensions.fields)).toContain(path);
      }
    });

    it('lets a VIEWER read but not write, and an API key create with source API', async () => {
      const { owner, viewer } = await organization();
      const task = await createTask(api, owner.accessToken);
      const refused = await gqlError(
        api,
        'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }',
        { input: { title: 'Nope' } },
        viewer.accessToken,
      );
      expect(refused.code).toBe('FORBIDDEN');
      for (const [query, variables] of [
        [UPDATE_TASK, { id: task.id, input: { title: 'x' } }],
        [DELETE_TASK, { id: task.id }],
        [MOVE_TASK, { id: task.id, input: {} }],
        [ADD_TASK_COMMENT, { taskId: task.id, body: 'hi' }],
      ] as const) {
        expect((await gqlError(api, query, variables, viewer.accessToken)).code).toBe('FORBIDDEN');
      }
      expect((await gqlOk(api, TASK, { id: task.id }, viewer.accessToken)).task.id).toBe(task.id);

      const key = await createApiKey(api, owner, 'AGENT');
      const viaKey = await createTask(api, key.secret, { title: 'From the CRM' });
      expect(viaKey).toMatchObject({ source: 'API', creator: null });
    });

    it('writes an audit entry for every mutation', async () => {
      const { owner } = await organization();
      const parent = await createTask(api, owner.accessToken);
      const task = await createTask(api, owner.accessToken, { title: 'Audited' });
      await gqlOk(
        api,
        UPDATE_TASK,
        { id: task.id, input: { title: 'Audited 2' } },
        owner.accessToken,
      );
      await gqlOk(
        api,
        MOVE_TASK,
        { id: task.id, input: { parentId: parent.id } },
        owner.accessToken,
      );
      await gqlOk(api, ADD_TASK_COMMENT, { taskId: task.id, body: 'Note' }, owner.accessToken);
      await gqlOk(api, DELETE_TASK, { id: task.id }, owner.accessToken);

      const { auditLog } = await gqlOk(
        api,
        `query A($id: ID) { auditLog(entityType: "Task", entityId: $id, first: 20) {
          nodes { action changes actor { id } } } }`,
        { id: task.id },
        owner.accessToken,
      );
      expect(auditLog.nodes.map((node: any) => node.action).sort()).toEqual(
        ['task.comment_added', 'task.created', 'task.deleted', 'task.moved', 'task.updated'].sort(),
      );
      const updated = auditLog.nodes.find((node: any) => node.action === 'task.updated');
      expect(updated.changes).toEqual({
        before: { title: 'Audited' },
        after: { title: 'Audited 2' },
      });
      expect(updated.actor.id).toBe(owner.userId);
    });

    it('publishes a task.changed outbox event in the same transaction as each change', async () => {
      const { owner, teamId } = await organization();
      const task = await createTask(api, owner.accessToken, { teamId });
      await gqlOk(api, UPDATE_TASK, { id: task.id, input: { teamId: null } }, owner.accessToken);
      const rows: Array<{ topic: string; payload: Record<string, unknown> }> =
        await api.dataSource.query(
          `SELECT topic, payload FROM outbox_event WHERE organization_id = $1 AND topic LIKE 'task.changed.%' ORDER BY created_at`,
          [owner.organizationId],
        );
      expect(rows.map((row) => row.topic)).toEqual([
        `task.changed.${owner.organizationId}`,
        `task.changed.${owner.organizationId}`,
      ]);
      expect(rows.map((row) => row.payload)).toEqual([
        { kind: 'CREATED', taskId: task.id, teamId, previousTeamId: null },
        { kind: 'UPDATED', taskId: task.id, teamId: null, previousTeamId: teamId },
      ]);
    });
  });

  describe('subtasks, moves and deletes', () => {
    it('rolls progress up over all descendants, three levels deep', async () => {
      const { agent, teamId } = await organization();
      const token = agent.accessToken;
      const root = await createTask(api, token, { title: 'root', teamId });
      const a = await createTask(api, token, { title: 'a', parentId: root.id });
      const b = await createTask(api, token, { title: 'b', parentId: root.id, status: 'DONE' });
      const a1 = await createTask(api, token, { title: 'a1', parentId: a.id, status: 'DONE' });
      await createTask(api, token, { title: 'a1x', parentId: a1.id, status: 'DONE' });

      expect(a.team).toEqual({ id: teamId }); // inherited from the parent
      const { task } = await gqlOk(
        api,
        `query T($id: ID!) { task(id: $id) { progress subtasks { title progress subtasks { title progress
          subtasks { title progress parent { id } } } } } }`,
        { id: root.id },
        token,
      );
      // root: a, b, a1, a1x — three of four DONE.
      expect(task.progress).toBe(0.75);
      expect(task.subtasks.map((t: any) => t.title)).toEqual(['a', 'b']);
      expect(task.subtasks[0].progress).toBe(1);
      expect(task.subtasks[1].progress).toBeNull();
      expect(task.subtasks[0].subtasks[0].subtasks).toEqual([
        { title: 'a1x', progress: null, parent: { id: a1.id } },
      ]);
      void b;
    });

    it('reorders by midpoints, reparents, and refuses cycles', async () => {
      const { agent } = await organization();
      const token = agent.accessToken;
      const [a, b, c] = [
        await createTask(api, token, { title: 'a' }),
        await createTask(api, token, { title: 'b' }),
        await createTask(api, token, { title: 'c' }),
      ];
      const move = async (id: string, input: Record<string, unknown>) =>
        (await gqlOk(api, MOVE_TASK, { id, input }, token)).moveTask;
      const order = async () =>
        titles(await list(token, { filter: {}, first: 10 })).filter((t) => t.length === 1);

      expect((await move(c.id, { afterTaskId: a.id })).position).toBe(1536);
      expect(await order()).toEqual(['a', 'c', 'b']);
      expect((await move(b.id, { afterTaskId: null })).position).toBe(512);
      expect(await order()).toEqual(['b', 'a', 'c']);

      // Reparent c under a, then refuse a under c (a descendant) and under itself.
      const moved = await move(c.id, { parentId: a.id });
      expect(moved.parent).toEqual({ id: a.id });
      for (const parentId of [c.id, a.id]) {
        const error = await gqlError(api, MOVE_TASK, { id: a.id, input: { parentId } }, token);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.extensions.fields).toEqual([
          expect.objectContaining({ path: 'input.parentId' }),
        ]);
      }
      // After a task of another list: refused.
      const wrongList = await gqlError(
        api,
        MOVE_TASK,
        { id: b.id, input: { afterTaskId: c.id } },
        token,
      );
      expect(wrongList.code).toBe('BAD_USER_INPUT');
      // Back to the top level, last.
      expect((await move(c.id, { parentId: null, afterTaskId: a.id })).parent).toBeNull();
      expect(await order()).toEqual(['b', 'a', 'c']);
    });

    it('renumbers a sibling list only when repeated moves exhaust the gap', async () => {
      const { agent } = await organization();
      const token = agent.accessToken;
      const first = await createTask(api, token, { title: 'first' });
      const second = await createTask(api, token, { title: 'second' });
      const third = await createTask(api, token, { title: 'third' });
      // Alternately put second and third right after first: the gap halves each time.
      const positions: number[] = [];
      for (let i = 0; i < 45; i += 1) {
        const id = i % 2 === 0 ? second.id : third.id;
        positions.push(
          (await gqlOk(api, MOVE_TASK, { id, input: { afterTaskId: first.id } }, token)).moveTask
            .position,
        );
      }
      // 1024 halved 45 times is below 1e-9; a wide gap now means the list was renumbered.
      expect(positions.at(-1)! - 1024).toBeGreaterThan(1);
      const page = await list(token, { first: 10 });
      expect(titles(page)).toHaveLength(3);
      expect(titles(page)[0]).toBe('first');
      expect(new Set(page.nodes.map((node: any) => node.position)).size).toBe(3);
    });

    it('soft-deletes a task with its descendants, hiding them everywhere', async () => {
      const { agent } = await organization();
      const token = agent.accessToken;
      const root = await createTask(api, token, { title: 'root' });
      const child = await createTask(api, token, { title: 'child', parentId: root.id });
      const grandchild = await createTask(api, token, { title: 'grandchild', parentId: child.id });
      const keep = await createTask(api, token, { title: 'keep' });

      expect((await gqlOk(api, DELETE_TASK, { id: child.id }, token)).deleteTask).toBe(true);
      expect((await gqlOk(api, TASK, { id: child.id }, token)).task).toBeNull();
      expect((await gqlOk(api, TASK, { id: grandchild.id }, token)).task).toBeNull();
      const { task } = await gqlOk(
        api,
        'query T($id: ID!) { task(id: $id) { subtasks { id } progress } }',
        { id: root.id },
        token,
      );
      expect(task).toEqual({ subtasks: [], progress: null });
      expect(titles(await list(token, {})).sort()).toEqual(['keep', 'root']);
      expect((await gqlError(api, DELETE_TASK, { id: child.id }, token)).code).toBe('NOT_FOUND');
      expect(
        (await gqlError(api, UPDATE_TASK, { id: grandchild.id, input: { title: 'x' } }, token))
          .code,
      ).toBe('NOT_FOUND');
      void keep;
    });

    it('adds comments and lists them with their authors', async () => {
      const { agent, owner } = await organization();
      const task = await createTask(api, agent.accessToken);
      const first = await gqlOk(
        api,
        ADD_TASK_COMMENT,
        { taskId: task.id, body: '  On it  ' },
        agent.accessToken,
      );
      expect(first.addTaskComment).toMatchObject({ body: 'On it', author: { id: agent.userId } });
      await gqlOk(api, ADD_TASK_COMMENT, { taskId: task.id, body: 'Thanks' }, owner.accessToken);
      const { task: read } = await gqlOk(
        api,
        'query T($id: ID!) { task(id: $id) { comments { body author { id } } } }',
        { id: task.id },
        agent.accessToken,
      );
      expect(read.comments).toEqual([
        { body: 'On it', author: { id: agent.userId } },
        { body: 'Thanks', author: { id: owner.userId } },
      ]);
      const blank = await gqlError(
        api,
        ADD_TASK_COMMENT,
        { taskId: task.id, body: '   ' },
        agent.accessToken,
      );
      expect(blank.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('reading', () => {
    it('applies every filter', async () => {
      const { owner, agent, teamId } = await organization();
      const token = owner.accessToken;
      const parent = await createTask(api, token, { title: 'parent' });
      await createTask(api, token, {
        title: 'alpha',
        status: 'IN_PROGRESS',
        priority: 'HIGH',
        assigneeId: agent.userId,
        teamId,
        labels: ['billing'],
        dueAt: '2030-01-10T00:00:00.000Z',
      });
      await createTask(api, token, {
        title: 'beta',
        status: 'BLOCKED',
        priority: 'LOW',
        parentId: parent.id,
        labels: ['ops', 'billing'],
        dueAt: '2030-02-10T00:00:00.000Z',
      });
      await createTask(api, token, { title: 'gamma', description: 'Nothing special' });
      const matching = async (filter: Record<string, unknown>) =>
        titles(await list(token, { filter })).sort();

      expect(await matching({ status: ['IN_PROGRESS', 'BLOCKED'] })).toEqual(['alpha', 'beta']);
      expect(await matching({ priority: ['LOW'] })).toEqual(['beta']);
      expect(await matching({ assigneeId: agent.userId })).toEqual(['alpha']);
      expect(await matching({ teamId })).toEqual(['alpha']);
      expect(await matching({ parentId: parent.id })).toEqual(['beta']);
      expect(await matching({ label: 'billing' })).toEqual(['alpha', 'beta']);
      expect(await matching({ label: 'ops' })).toEqual(['beta']);
      expect(await matching({ dueBefore: '2030-02-01T00:00:00.000Z' })).toEqual(['alpha']);
      expect(await matching({ dueAfter: '2030-02-01T00:00:00.000Z' })).toEqual(['beta']);
      expect(await matching({ search: 'special' })).toEqual(['gamma']);
      expect(await matching({ label: 'billing', priority: ['HIGH'] })).toEqual(['alpha']);
      expect((await list(token, { filter: { label: 'none' } })).totalCount).toBe(0);
    });

    it('matches stemmed words in full-text search', async () => {
      const { owner } = await organization();
      const token = owner.accessToken;
      await createTask(api, token, { title: 'Run the payroll' });
      await createTask(api, token, { title: 'Check', description: 'She runs the weekly report' });
      await createTask(api, token, { title: 'Walk the dog' });

      expect(titles(await list(token, { filter: { search: 'running' } })).sort()).toEqual([
        'Check',
        'Run the payroll',
      ]);
      expect(titles(await list(token, { filter: { search: 'payroll -dog' } }))).toEqual([
        'Run the payroll',
      ]);
    });

    it('orders by every field in both directions', async () => {
      const { owner } = await organization();
      const token = owner.accessToken;
      const specs = [
        { title: 'p1', priority: 'URGENT', dueAt: '2030-03-01T00:00:00.000Z' },
        { title: 'p2', priority: 'LOW', dueAt: null },
        { title: 'p3', priority: 'HIGH', dueAt: '2030-01-01T00:00:00.000Z' },
        { title: 'p4', priority: 'MEDIUM', dueAt: '2030-02-01T00:00:00.000Z' },
      ];
      for (const spec of specs) await createTask(api, token, spec);
      // Touch p1 so UPDATED_AT differs from CREATED_AT order.
      const p1 = (await list(token, { filter: { search: 'p1' } })).nodes[0];
      await gqlOk(api, UPDATE_TASK, { id: p1.id, input: { description: 'touched' } }, token);

      const ordered = async (field: string, direction: string) =>
        titles(await list(token, { orderBy: { field, direction }, first: 2 })).concat(
          titles(
            await list(token, {
              orderBy: { field, direction },
              first: 2,
              after: (await list(token, { orderBy: { field, direction }, first: 2 })).pageInfo
                .endCursor,
            }),
          ),
        );
      expect(await ordered('POSITION', 'ASC')).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect(await ordered('POSITION', 'DESC')).toEqual(['p4', 'p3', 'p2', 'p1']);
      expect(await ordered('CREATED_AT', 'ASC')).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect(await ordered('CREATED_AT', 'DESC')).toEqual(['p4', 'p3', 'p2', 'p1']);
      expect(await ordered('UPDATED_AT', 'ASC')).toEqual(['p2', 'p3', 'p4', 'p1']);
      expect(await ordered('UPDATED_AT', 'DESC')).toEqual(['p1', 'p4', 'p3', 'p2']);
      expect(await ordered('PRIORITY', 'ASC')).toEqual(['p2', 'p4', 'p3', 'p1']);
      expect(await ordered('PRIORITY', 'DESC')).toEqual(['p1', 'p3', 'p4', 'p2']);
      // Tasks without a due time come last either way.
      expect(await ordered('DUE_AT', 'ASC')).toEqual(['p3', 'p4', 'p1', 'p2']);
      expect(await ordered('DUE_AT', 'DESC')).toEqual(['p1', 'p4', 'p3', 'p2']);
    });

    it('pages forward and backward, with empty and last pages', async () => {
      const { owner } = await organization();
      const token = owner.accessToken;
      for (let i = 1; i <= 5; i += 1) await createTask(api, token, { title: `t${i}` });

      const seen: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await list(token, { first: 2, after });
        seen.push(titles(page));
        expect(page.totalCount).toBe(5);
        if (!page.pageInfo.hasNextPage) {
          expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
          break;
        }
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);

      const back: string[][] = [];
      let before: string | undefined;
      for (;;) {
        const page = await list(token, { last: 2, before });
        back.push(titles(page));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(back).toEqual([['t4', 't5'], ['t2', 't3'], ['t1']]);

      const last = await list(token, { first: 5 });
      const empty = await list(token, { first: 2, after: last.pageInfo.endCursor });
      expect(empty.nodes).toEqual([]);
      expect(empty.pageInfo).toMatchObject({
        hasNextPage: false,
        startCursor: null,
        endCursor: null,
      });
      const none = await list(token, { filter: { search: 'nothingmatches' } });
      expect(none).toMatchObject({ totalCount: 0, nodes: [], edges: [] });
    });

    it('rejects a cursor from another query with BAD_USER_INPUT', async () => {
      const { owner } = await organization();
      const token = owner.accessToken;
      await createTask(api, token, { title: 'one', labels: ['a'] });
      await createTask(api, token, { title: 'two', labels: ['a'] });
      const cursor = (await list(token, { filter: { label: 'a' }, first: 1 })).pageInfo.endCursor;

      for (const variables of [
        { filter: { label: 'b' }, first: 1, after: cursor },
        { first: 1, after: cursor },
        { filter: { label: 'a' }, orderBy: { field: 'PRIORITY', direction: 'ASC' }, after: cursor },
        { filter: { label: 'a' }, before: 'garbage' },
      ]) {
        const error = await gqlError(api, TASKS, variables, token);
        expect(error.code).toBe('BAD_USER_INPUT');
      }
      expect(
        titles(await list(token, { filter: { label: 'a' }, first: 1, after: cursor })),
      ).toEqual(['two']);
    });

    it('returns null for an unknown, malformed or foreign task id', async () => {
      const mine = await organization();
      const theirs = await organization();
      const foreign = await createTask(api, theirs.owner.accessToken);
      for (const id of [foreign.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
        expect((await gqlOk(api, TASK, { id }, mine.owner.accessToken)).task).toBeNull();
      }
    });

    it('counts tasks per status and overdue ones, per team', async () => {
      const { owner, teamId } = await organization();
      const token = owner.accessToken;
      const past = '2020-01-01T00:00:00.000Z';
      await createTask(api, token, { teamId, dueAt: past });
      await createTask(api, token, { teamId, dueAt: past, status: 'DONE' });
      await createTask(api, token, { teamId, status: 'BLOCKED' });
      await createTask(api, token, { dueAt: past, status: 'CANCELLED' });
      await createTask(api, token, { dueAt: past, status: 'IN_PROGRESS' });
      const stats = async (team?: string) =>
        (
          await gqlOk(
            api,
            'query S($teamId: ID) { taskStats(teamId: $teamId) { total byStatus overdue } }',
            { teamId: team },
            token,
          )
        ).taskStats;

      expect(await stats()).toEqual({
        total: 5,
        byStatus: { TODO: 1, IN_PROGRESS: 1, BLOCKED: 1, DONE: 1, CANCELLED: 1 },
        overdue: 2,
      });
      expect(await stats(teamId)).toEqual({
        total: 3,
        byStatus: { TODO: 1, IN_PROGRESS: 0, BLOCKED: 1, DONE: 1, CANCELLED: 0 },
        overdue: 1,
      });
    });
  });

  describe('statement count', () => {
    it('loads a page of 50 tasks with assignee, team, subtasks and progress in at most 5 statements', async () => {
      const { owner, agent, teamId } = await organization();
      const token = owner.accessToken;
      const other = await createTeam(api, owner);
      const roots: string[] = [];
      for (let i = 0; i < 50; i += 1) {
        const task = await createTask(api, token, {
          title: `seed ${i}`,
          assigneeId: i % 2 === 0 ? agent.userId : owner.userId,
          teamId: i % 3 === 0 ? teamId : other.id,
        });
        roots.push(task.id);
      }
      for (let i = 0; i < 10; i += 1) {
        await createTask(api, token, {
          title: `sub ${i}`,
          parentId: roots[i],
          status: i % 2 === 0 ? 'DONE' : 'TODO',
        });
      }
      const query = `{ tasks(first: 50, filter: { search: "seed" }) { nodes { id title assignee { id name } team { id name }
        subtasks { id } progress } } }`;

      let data: any;
      const statements = await recordStatements(api.dataSource, async () => {
        data = await gqlOk(api, query, undefined, token);
      });
      expect(data.tasks.nodes).toHaveLength(50);
      expect(data.tasks.nodes.filter((node: any) => node.progress !== null)).toHaveLength(10);

      // The access guard's own check of the session is not the resolvers'
      // doing and costs the same for every operation: left out of the count.
      const authentication = statements.filter((sql) => /\b(session|api_key)\b/.test(sql));
      // The outbox relay polls on the same pool in the background; its
      // statements (and their transaction) are not the request's either.
      const background = statements.filter((sql) =>
        /outbox_event|^(START TRANSACTION|COMMIT|ROLLBACK)$/.test(sql.trim()),
      );
      const resolvers = statements.filter(
        (sql) => !authentication.includes(sql) && !background.includes(sql),
      );
      expect(authentication.length).toBeLessThanOrEqual(1);
      // The page with its assignees and teams joined in, and the subtask tree
      // (subtasks and progress together); totalCount is counted only when
      // asked for, which this page does not.
      expect(resolvers).toHaveLength(2);
      expect(resolvers[0]).toMatch(/LEFT JOIN "app_user"/);
      expect(resolvers[0]).toMatch(/LEFT JOIN "team"/);
      expect(resolvers.some((sql) => /COUNT\(/.test(sql))).toBe(false);
      // Only the columns the page shows (and the keys its resolvers read).
      expect(resolvers[0]).not.toMatch(
        /"task"\."description"|"assignee"\."email"|"team"\."created_at"/,
      );
      expect(resolvers[0]).toMatch(/"task"\."title"/);
      for (const node of data.tasks.nodes) {
        const i = Number(node.title.replace('seed ', ''));
        expect(node.assignee.id).toBe(i % 2 === 0 ? agent.userId : owner.userId);
        expect(node.assignee.name).toEqual(expect.any(String));
        expect(node.team.id).toBe(i % 3 === 0 ? teamId : other.id);
        if (i % 3 !== 0) expect(node.team.name).toBe(other.name);
      }
    });

    it('shows every field of a narrowly selected page as task(id) shows it', async () => {
      const { owner, agent, teamId } = await organization();
      const token = owner.accessToken;
      const parent = await createTask(api, token, { title: 'narrow parent', teamId });
      await createTask(api, token, {
        title: 'narrow child',
        description: 'all of it',
        parentId: parent.id,
        assigneeId: agent.userId,
        teamId,
        labels: ['a', 'b'],
        priority: 'HIGH',
        dueAt: '2027-03-04T05:06:07.089Z',
      });
      const fields = `id title description status priority dueAt completedAt labels position source
        createdAt updatedAt progress assignee { id name email timezone hasVoicePin createdAt }
        creator { id name } team { id name description members { id } } parent { id title }
        subtasks { id } comments { id }`;
      const { tasks } = await gqlOk<any>(
        api,
        `{ tasks(first: 10, filter: { search: "narrow" }) { nodes { ${fields} } } }`,
        undefined,
        token,
      );
      expect(tasks.nodes).toHaveLength(2);
      for (const node of tasks.nodes) {
        const { task } = await gqlOk<any>(
          api,
          `query ($id: ID!) { task(id: $id) { ${fields} } }`,
          { id: node.id },
          token,
        );
        expect(node).toEqual(task);
      }
      const child = tasks.nodes.find((node: any) => node.title === 'narrow child');
      expect(child).toMatchObject({
        description: 'all of it',
        labels: ['a', 'b'],
        assignee: { id: agent.userId, hasVoicePin: false },
        creator: { id: owner.userId },
        parent: { id: parent.id },
      });
    });

    it('loads the relations of tasks it did not join through one batch per kind', async () => {
      const { owner, agent, teamId } = await organization();
      const token = owner.accessToken;
      const parent = await createTask(api, token, { title: 'parent', teamId });
      for (let i = 0; i < 5; i += 1) {
        await createTask(api, token, {
          title: `child ${i}`,
          parentId: parent.id,
          assigneeId: agent.userId,
          teamId,
        });
      }
      const query = `query ($id: ID!) { task(id: $id) { subtasks { assignee { id } creator { id } team { id } } } }`;
      let data: any;
      const statements = await recordStatements(api.dataSource, async () => {
        data = await gqlOk(api, query, { id: parent.id }, token);
      });
      expect(data.task.subtasks).toHaveLength(5);
      for (const subtask of data.task.subtasks) {
        expect(subtask).toEqual({
          assignee: { id: agent.userId },
          creator: { id: owner.userId },
          team: { id: teamId },
        });
      }
      const users = statements.filter((sql) => /FROM "app_user"/.test(sql));
      const teams = statements.filter((sql) => /FROM "team"/.test(sql));
      expect(users).toHaveLength(1);
      expect(teams).toHaveLength(1);
    });
  });
});
