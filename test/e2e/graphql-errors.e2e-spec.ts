import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

const noInternals = (body: unknown): void => {
  const text = JSON.stringify(body);
  expect(text).not.toContain('stacktrace');
  expect(text).not.toMatch(/\bat [\w.<>]+ \(/);
  expect(text).not.toMatch(/node_modules|\.ts:\d+/);
};

describe('GraphQL errors and limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers a valid query', async () => {
    const { status, body } = await graphql<{ serverTime: string }>(
      api.graphqlUrl,
      '{ serverTime }',
    );
    expect(status).toBe(200);
    expect(new Date(body.data!.serverTime).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('rejects an unknown field with GRAPHQL_VALIDATION_FAILED and no internals', async () => {
    const { status, body } = await graphql(api.graphqlUrl, '{ nope }');
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    noInternals(body);
  });

  it('rejects a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const { body } = await graphql(api.graphqlUrl, '{ serverTime ');
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    noInternals(body);
  });

  it('rejects a badly typed variable with BAD_USER_INPUT', async () => {
    const { status, body } = await graphql(
      api.graphqlUrl,
      'query ($n: String!) { __type(name: $n) { name } }',
      {
        n: { not: 'a string' },
      },
    );
    expect(status).toBe(400);
    expect(body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    noInternals(body);
  });

  it('refuses a too-deep query before executing it', async () => {
    let selection = 'name';
    for (let depth = 0; depth < 14; depth += 1) selection = `ofType { ${selection} }`;
    const { status, body } = await graphql(
      api.graphqlUrl,
      `{ __type(name: "Query") { fields { type { ${selection} } } } }`,
    );
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toMatch(/depth/i);
  });

  it('refuses an alias flood', async () => {
    const aliases = Array.from({ length: 120 }, (_, i) => `a${i}: serverTime`).join(' ');
    const { body } = await graphql(api.graphqlUrl, `{ ${aliases} }`);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].message).toMatch(/alias/i);
  });

  it('refuses hundreds of duplicated fields (token limit)', async () => {
    const { body } = await graphql(api.graphqlUrl, `{ ${'serverTime '.repeat(4000)} }`);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors![0].message).toMatch(/token/i);
  });

  it('refuses batched operation arrays', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ serverTime }' }, { query: '{ serverTime }' }]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/batch/i);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ serverTime } # ${'x'.repeat(600_000)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('blocks a simple GET without a preflight header (CSRF prevention) and allows it with one', async () => {
    const url = `${api.graphqlUrl}?query=${encodeURIComponent('{ serverTime }')}`;
    const blocked = await fetch(url);
    expect(blocked.status).toBe(400);
    expect(await blocked.text()).toMatch(/CSRF/);
    const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
  });

  it('refuses a mutation over GET', async () => {
    const url = `${api.graphqlUrl}?query=${encodeURIComponent('mutation { serverTime }')}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as { data?: unknown };
    expect(body.data).toBeUndefined();
  });

  it('serves introspection by default for Apollo Studio', async () => {
    const { body } = await graphql<{ __schema: { queryType: { name: string } } }>(
      api.graphqlUrl,
      '{ __schema { queryType { name } } }',
    );
    expect(body.data!.__schema.queryType.name).toBe('Query');
  });
});

describe('GraphQL in production configuration', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({
      // The outbound allow-list for the test fakes is refused in production.
      env: {
        NODE_ENV: 'production',
        GRAPHQL_INTROSPECTION: 'false',
        OUTBOUND_ALLOWED_HOSTS: undefined,
      },
    });
  });
  afterAll(() => api.close());

  it('turns introspection off when configured', async () => {
    const { body } = await graphql(api.graphqlUrl, '{ __schema { queryType { name } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no field suggestions that would reveal the schema', async () => {
    const { body } = await graphql(api.graphqlUrl, '{ serverTim }');
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).not.toMatch(/Did you mean/);
    noInternals(body);
  });

  it('serves no Sandbox landing page', async () => {
    const response = await fetch(api.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/sandbox/i);
  });
});
