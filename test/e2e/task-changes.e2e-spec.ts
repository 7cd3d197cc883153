import { GraphqlWsServer } from '@/graphql/graphql-ws.server';
import {
  Account,
  addMemberWithRole,
  addTeamMember,
  createTeam,
  gqlError,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';
import { connect, subscribe, Subscription } from '../utils/ws-client';

const TASK_CHANGED = `subscription ($teamId: ID) {
  taskChanged(teamId: $teamId) { kind task { id title status team { id } } }
}`;
type Change = {
  taskChanged: { kind: string; task: { id: string; title: string; status: string } };
};

const CREATE = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }`;

describe('taskChanged: the live task board', () => {
  let api: TestApp;
  let other: TestApp;
  const clients: Array<ReturnType<typeof connect>> = [];

  function watch(app: TestApp, account: Account, teamId?: string): Subscription<Change> {
    const client = connect(app.wsUrl, { authorization: `Bearer ${account.accessToken}` });
    clients.push(client);
    return subscribe<Change>(client, TASK_CHANGED, teamId ? { teamId } : {});
  }

  beforeAll(async () => {
    api = await startApi();
    other = await startApi();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await Promise.all([api.close(), other.close()]);
  });

  /** An organization with two teams: A (owner + agent) and B (a second agent). */
  async function board() {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    const outsider = await addMemberWithRole(api, owner, 'AGENT');
    const teamA = await createTeam(api, owner);
    const teamB = await createTeam(api, owner);
    await addTeamMember(api, owner, teamA.id, owner.userId);
    await addTeamMember(api, owner, teamA.id, agent.userId);
    await addTeamMember(api, owner, teamB.id, outsider.userId);
    return { owner, agent, outsider, teamA, teamB };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('reaches both members of the team, not a member watching another team nor another organization', async () => {
    const { owner, agent, outsider, teamA, teamB } = await board();
    const stranger = await registerUser(api);
    const ownerFeed = watch(api, owner, teamA.id);
    const agentFeed = watch(api, agent, teamA.id);
    const outsiderFeed = watch(api, outsider, teamB.id);
    const strangerFeed = watch(api, stranger);
    await settle();

    const created = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'Call the supplier', teamId: teamA.id } },
      agent.accessToken,
    );
    const forOwner = await ownerFeed.next();
    const forAgent = await agentFeed.next();
    expect(forOwner.data!.taskChanged).toMatchObject({
      kind: 'CREATED',
      task: { id: created.createTask.id, title: 'Call the supplier' },
    });
    expect(forAgent.data).toEqual(forOwner.data);
    await outsiderFeed.expectSilence(800);
    await strangerFeed.expectSilence(0);
  });

  it('sends UPDATED and DELETED, and tells the team a task left', async () => {
    const { owner, teamA, teamB } = await board();
    const feedA = watch(api, owner, teamA.id);
    await settle();
    const { createTask } = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'Draft', teamId: teamA.id } },
      owner.accessToken,
    );
    expect((await feedA.next()).data!.taskChanged.kind).toBe('CREATED');
    await gqlOk(
      api,
      UPDATE,
      { id: createTask.id, input: { status: 'IN_PROGRESS' } },
      owner.accessToken,
    );
    expect((await feedA.next()).data!.taskChanged).toMatchObject({
      kind: 'UPDATED',
      task: { status: 'IN_PROGRESS' },
    });
    await gqlOk(api, UPDATE, { id: createTask.id, input: { teamId: teamB.id } }, owner.accessToken);
    expect((await feedA.next()).data!.taskChanged).toMatchObject({
      kind: 'UPDATED',
      task: { team: { id: teamB.id } },
    });
    await gqlOk(
      api,
      'mutation ($id: ID!) { deleteTask(id: $id) }',
      { id: createTask.id },
      owner.accessToken,
    );
    await feedA.expectSilence(500);
  });

  it('emits nothing for a refused mutation', async () => {
    const { owner, teamA } = await board();
    const feed = watch(api, owner, teamA.id);
    await settle();
    const parent = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'Parent', teamId: teamA.id } },
      owner.accessToken,
    );
    const child = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'Child', teamId: teamA.id, parentId: parent.createTask.id } },
      owner.accessToken,
    );
    await feed.next();
    await feed.next();
    const refused = await gqlError(
      api,
      'mutation ($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { id } }',
      { id: parent.createTask.id, input: { parentId: child.createTask.id } },
      owner.accessToken,
    );
    expect(refused.code).toBe('BAD_USER_INPUT');
    await feed.expectSilence(800);
  });

  it('reaches a subscriber on another api instance through Redis', async () => {
    const { owner, agent, teamA } = await board();
    const remote = watch(other, agent, teamA.id);
    await settle();
    const { createTask } = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'Across instances', teamId: teamA.id } },
      owner.accessToken,
    );
    expect((await remote.next()).data!.taskChanged.task.id).toBe(createTask.id);
  });

  it('resolves an event once per subscription shape, not once per socket', async () => {
    const { owner, agent, teamA } = await board();
    const viewer = await addMemberWithRole(api, owner, 'VIEWER');
    const fanout = api.app.get(GraphqlWsServer).fanout;
    const feeds = [owner, agent, owner, agent, owner].map((account) =>
      watch(api, account, teamA.id),
    );
    const viewerFeed = watch(api, viewer, teamA.id);
    await settle();
    const before = fanout.executions;
    await gqlOk(api, CREATE, { input: { title: 'Shared', teamId: teamA.id } }, owner.accessToken);
    const results = await Promise.all([...feeds, viewerFeed].map((feed) => feed.next()));
    for (const result of results) expect(result.data).toEqual(results[0].data);
    // Owners and agents (two roles) share nothing; the viewer is a third shape.
    await eventually(() => (fanout.executions - before >= 3 ? true : undefined));
    expect(fanout.executions - before).toBe(3);
  });
  it("writes shared results in each subscription's order and stops at the client's complete", async () => {
    const { owner, agent, teamA } = await board();
    const staying = watch(api, owner, teamA.id);
    const leaving = watch(api, agent, teamA.id);
    await settle();
    const { createTask } = await gqlOk<{ createTask: { id: string } }>(
      api,
      CREATE,
      { input: { title: 'first', teamId: teamA.id } },
      owner.accessToken,
    );
    await gqlOk(api, UPDATE, { id: createTask.id, input: { title: 'second' } }, owner.accessToken);
    for (const feed of [staying, leaving]) {
      expect((await feed.next()).data?.taskChanged).toMatchObject({
        kind: 'CREATED',
        task: { title: 'first' },
      });
      expect((await feed.next()).data?.taskChanged).toMatchObject({
        kind: 'UPDATED',
        task: { title: 'second' },
      });
    }
    leaving.unsubscribe();
    await settle();
    await gqlOk(api, UPDATE, { id: createTask.id, input: { title: 'third' } }, owner.accessToken);
    expect((await staying.next()).data?.taskChanged).toMatchObject({ task: { title: 'third' } });
    await leaving.expectSilence(300);
    expect(leaving.received).toHaveLength(2);
  });
});
