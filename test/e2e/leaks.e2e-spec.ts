import { gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { createTask, TASKS } from '../factories/task.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

/** Small leaks a review found: each answer here used to say more than it should. */
describe('smaller leaks', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers a tampered cursor with BAD_USER_INPUT, not INTERNAL', async () => {
    const owner = await registerUser(api);
    for (let i = 0; i < 3; i++) await createTask(api, owner.accessToken, { title: `t${i}` });
    const page = await gqlOk<{ tasks: { pageInfo: { endCursor: string } } }>(
      api,
      TASKS,
      { first: 1 },
      owner.accessToken,
    );
    const payload = JSON.parse(
      Buffer.from(page.tasks.pageInfo.endCursor, 'base64url').toString('utf8'),
    ) as { k: string; v: unknown[] };
    // Same list key, values no column type can read: a timestamp and a uuid of "x".
    const tampered = Buffer.from(
      JSON.stringify({ ...payload, v: payload.v.map(() => 'x') }),
      'utf8',
    ).toString('base64url');
    const error = await gqlError(api, TASKS, { first: 1, after: tampered }, owner.accessToken);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('after');
  });

  it('bounds the operation names kept as metrics labels', async () => {
    // Fresh names from a client: past the cap they all share one label.
    for (let i = 0; i < 210; i++) {
      await graphql(api.graphqlUrl, `query Spray${i} { serverTime }`);
    }
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const names = new Set(
      [
        ...text.matchAll(
          /switchboard_graphql_operation_duration_seconds_count\{operation="([^"]*)"/g,
        ),
      ].map((match) => match[1]),
    );
    expect(names.has('__other__')).toBe(true);
    expect(names.has('Spray0')).toBe(true);
    expect(names.has('Spray209')).toBe(false);
    expect(names.size).toBeLessThanOrEqual(201);
  });

  it('shows no driver error text on /health/ready', async () => {
    const broken = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await fetch(`${broken.url}/health/ready`);
      expect(response.status).toBe(503);
      const text = await response.text();
      const body = JSON.parse(text) as {
        error: Record<string, { status: string; message?: string }>;
      };
      expect(body.error.redis).toEqual({ status: 'down', message: 'unavailable' });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/i);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });

  it('refuses Twilio webhooks whose body is not form-encoded (415)', async () => {
    for (const path of ['/webhooks/twilio/status', '/webhooks/twilio/recording']) {
      const response = await fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
        body: JSON.stringify({ CallSid: 'CA1', To: '+15550000000', CallStatus: 'completed' }),
      });
      expect(response.status).toBe(415);
    }
  });
});
