import { gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { createTask, MOVE_TASK } from '../factories/task.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

const PAGE = `query P($after: String) { tasks(first: 100, after: $after) {
  totalCount nodes { id progress subtasks { id } } pageInfo { hasNextPage endCursor } } }`;
const TASK = `query T($id: ID!) { task(id: $id) { id progress subtasks { id } } }`;

type Node = { id: string; progress: number | null; subtasks: Array<{ id: string }> };

/**
 * Issue 14 item 3: concurrent opposite moves cannot make a parent cycle, and
 * every recursive walk of the tree is cycle-safe and bounded in depth.
 */
describe('task tree integrity', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** Tasks of the organization that are their own ancestor. */
  const cyclic = async (organizationId: string): Promise<string[]> => {
    const rows = await api.dataSource.query<Array<{ id: string }>>(
      `WITH RECURSIVE up AS (
         SELECT id AS start, parent_id, ARRAY[id] AS path, false AS cycle
           FROM task WHERE organization_id = $1
         UNION ALL
         SELECT up.start, t.parent_id, up.path || t.id, t.id = ANY (up.path)
           FROM task t JOIN up ON t.id = up.parent_id
          WHERE NOT up.cycle AND cardinality(up.path) < 100
       )
       SELECT DISTINCT start AS id FROM up WHERE cycle`,
      [organizationId],
    );
    return rows.map((row) => row.id);
  };

  it('leaves no cycle after 100 concurrent opposite move pairs, and queries still answer', async () => {
    const owner = await registerUser(api);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 100; i++) {
      const a = await createTask(api, owner.accessToken, { title: `A${i}` });
      const b = await createTask(api, owner.accessToken, { title: `B${i}` });
      pairs.push([a.id, b.id]);
    }
    const move = (id: string, parentId: string) =>
      graphql(api.graphqlUrl, MOVE_TASK, { id, input: { parentId } }, { token: owner.accessToken });
    const results = await Promise.all(pairs.flatMap(([a, b]) => [move(a, b), move(b, a)]));

    // Of each pair exactly one move wins; the other is refused as a cycle.
    for (let i = 0; i < pairs.length; i++) {
      const outcome = [results[2 * i], results[2 * i + 1]].map(
        (response) => response.body.errors?.[0]?.extensions?.code ?? 'OK',
      );
      expect(outcome.sort()).toEqual(['BAD_USER_INPUT', 'OK']);
    }
    expect(await cyclic(owner.organizationId)).toEqual([]);
    const nodes: Node[] = [];
    let after: string | null = null;
    do {
      const page: {
        tasks: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      } = await gqlOk(api, PAGE, { after }, owner.accessToken);
      nodes.push(...page.tasks.nodes);
      after = page.tasks.pageInfo.hasNextPage ? page.tasks.pageInfo.endCursor : null;
    } while (after);
    expect(nodes).toHaveLength(200);
    expect(nodes.filter((node) => node.subtasks.length === 1)).toHaveLength(100);
  });

  it('answers progress even over a cycle written straight into the database', async () => {
    const owner = await registerUser(api);
    const a = await createTask(api, owner.accessToken, { title: 'loop A' });
    const b = await createTask(api, owner.accessToken, { title: 'loop B', parentId: a.id });
    await api.dataSource.query('UPDATE task SET parent_id = $1 WHERE id = $2', [b.id, a.id]);
    const started = Date.now();
    for (const id of [a.id, b.id]) {
      const { task } = await gqlOk(api, TASK, { id }, owner.accessToken);
      expect(task.subtasks).toHaveLength(1);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    const deleted = await gqlOk(
      api,
      'mutation D($id: ID!) { deleteTask(id: $id) }',
      { id: a.id },
      owner.accessToken,
    );
    expect(deleted.deleteTask).toBe(true);
  });

  it('refuses subtasks nested deeper than 32 levels', async () => {
    const owner = await registerUser(api);
    let parent = await createTask(api, owner.accessToken, { title: 'level 1' });
    const top = parent;
    for (let level = 2; level <= 32; level++) {
      parent = await createTask(api, owner.accessToken, {
        title: `level ${level}`,
        parentId: parent.id,
      });
    }
    const tooDeep = await gqlError(
      api,
      'mutation C($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { title: 'level 33', parentId: parent.id } },
      owner.accessToken,
    );
    expect(tooDeep.code).toBe('BAD_USER_INPUT');
    // Moving a two-level subtree under the deepest task is refused too.
    const other = await createTask(api, owner.accessToken, { title: 'other' });
    await createTask(api, owner.accessToken, { title: 'other child', parentId: other.id });
    const moved = await gqlError(
      api,
      MOVE_TASK,
      { id: other.id, input: { parentId: parent.id } },
      owner.accessToken,
    );
    expect(moved.code).toBe('BAD_USER_INPUT');
    const { task } = await gqlOk(api, TASK, { id: top.id }, owner.accessToken);
    expect(task.subtasks).toHaveLength(1);
    expect(task.progress).toBe(0);
  });
});
