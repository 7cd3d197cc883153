import { registerUser } from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

/** Issue 14 item 3: the cost limit counts list sizes, and repeated fields are refused. */
describe('query cost', () => {
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    api = await startApi();
    token = (await registerUser(api)).accessToken;
  });
  afterAll(() => api.close());

  const run = (query: string) => graphql(api.graphqlUrl, query, {}, { token });

  it('refuses 500 duplicated fields in one selection before execution', async () => {
    const response = await run(`{ ${'__typename '.repeat(500)} }`);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0]?.message).toMatch(/more than 20 times/);
    expect(response.body.data).toBeUndefined();
  });

  it('multiplies nested lists by page sizes and estimates', async () => {
    const nested = `{ tasks(first: 100) { nodes { id subtasks { id subtasks { id subtasks { id comments { id body } } } } } } }`;
    const refused = await run(nested);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors?.[0]?.message).toMatch(/estimated cost \d+ is over the limit/);
    // The same shape on a small page is fine, and so is a normal board page.
    expect(
      (await run(`{ tasks(first: 1) { nodes { id subtasks { id subtasks { id } } } } }`)).body
        .errors,
    ).toBeUndefined();
    const board = await run(
      `{ tasks(first: 100) { totalCount pageInfo { hasNextPage endCursor }
         nodes { id title status priority dueAt assignee { id name } team { id name } progress subtasks { id title status } } } }`,
    );
    expect(board.body.errors).toBeUndefined();
  });
});
