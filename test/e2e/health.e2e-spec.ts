import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';

describe('operations endpoints', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers /health/live without touching dependencies', async () => {
    const response = await fetch(`${api.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL, Redis and the queue backend up on /health/ready', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      details: Record<string, { status: string }>;
    };
    expect(body.status).toBe('ok');
    expect(body.details.database.status).toBe('up');
    expect(body.details.redis).toMatchObject({ status: 'up' });
    expect(body.details.redis).not.toHaveProperty('configured');
    expect(body.details.queues.status).toBe('up');
  });

  it('reports not ready (503) when Redis cannot be reached', async () => {
    const broken = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await fetch(`${broken.url}/health/ready`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: Record<string, { status: string }> };
      expect(body.error.redis.status).toBe('down');
    } finally {
      await broken.close().catch(() => undefined);
    }
  });

  it('echoes a sane X-Request-Id and replaces a malformed one', async () => {
    const given = await fetch(`${api.url}/health/live`, {
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(given.headers.get('x-request-id')).toBe('req-12345678');
    const malformed = await fetch(`${api.url}/health/live`, {
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes HTTP, GraphQL and queue metrics in Prometheus format', async () => {
    await graphql(api.graphqlUrl, 'query Clock { serverTime }');
    const response = await fetch(`${api.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /switchboard_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /switchboard_graphql_operation_duration_seconds_count\{operation="Clock",type="query",outcome="success"\} 1/,
    );
    expect(text).toMatch(/switchboard_queue_jobs\{queue="call-scoring",state="waiting"\} \d+/);
    expect(text).toContain('switchboard_websocket_connections');
  });
});
