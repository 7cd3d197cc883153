import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql } from '../utils/graphql-client';
import { connect, subscribe } from '../utils/ws-client';
import { eventually } from '../utils/test-app';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` on a bare machine: no DATABASE_URL and no REDIS_URL. The real
 * entry point runs in a child process, exactly as a newcomer would start it.
 */
const OPERATOR_TOKEN = 'embedded-operator-token-0123456789abcdef';

describe('embedded mode (no DATABASE_URL, no REDIS_URL)', () => {
  let child: ChildProcess;
  let output = '';
  let baseUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'LOG_LEVEL'])
      delete env[name];
    env.NODE_ENV = 'development';
    env.GRAPHQL_SCHEMA_WRITE = 'false';
    env.OPERATOR_TOKEN = OPERATOR_TOKEN;
    child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'src/main.ts',
        '--with-worker',
      ],
      {
        cwd: join(__dirname, '..', '..'),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: 'the embedded server to become ready' },
    );
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says once that it runs embedded, never for production', () => {
    expect(output).toMatch(/embedded PostgreSQL \(PGlite\).*never for production/);
    expect(output).toMatch(/no REDIS_URL: BullMQ runs on its PostgreSQL backend/);
  });

  it('reports ready with its embedded database and queue backend', async () => {
    const body = (await (await fetch(`${baseUrl}/health/ready`)).json()) as {
      details: Record<string, { status: string; configured?: boolean }>;
    };
    expect(body.details.database.status).toBe('up');
    expect(body.details.queues.status).toBe('up');
    expect(body.details.redis).toEqual({ status: 'up', configured: false });
  });

  it('signs a user up, answers a GraphQL query and streams a graphql-ws subscription', async () => {
    const { body } = await graphql<{ serverTime: string }>(`${baseUrl}/graphql`, '{ serverTime }');
    expect(typeof body.data!.serverTime).toBe('string');
    const registered = await graphql<{ register: { accessToken: string; role: string } }>(
      `${baseUrl}/graphql`,
      'mutation ($input: RegisterInput!) { register(input: $input) { accessToken role } }',
      {
        input: {
          email: 'newcomer@example.com',
          password: 'a long enough passphrase',
          name: 'Newcomer',
          organizationName: 'Embedded Inc',
        },
      },
    );
    expect(registered.body.data!.register.role).toBe('OWNER');
    const authorization = `Bearer ${registered.body.data!.register.accessToken}`;
    const me = await graphql<{ me: { organization: { name: string } } }>(
      `${baseUrl}/graphql`,
      '{ me { organization { name } } }',
      undefined,
      { headers: { authorization } },
    );
    expect(me.body.data!.me.organization.name).toBe('Embedded Inc');
    const client = connect(`${baseUrl.replace('http', 'ws')}/graphql`, { authorization });
    try {
      const ticks = subscribe<{ serverTime: string }>(client, 'subscription { serverTime }');
      expect((await ticks.next()).data!.serverTime).toBeDefined();
    } finally {
      await client.dispose();
    }
  });

  /** Signs up a new owner with a new organization; their access token. */
  const registerOwner = async (
    email: string,
    name: string,
    organizationName: string,
  ): Promise<string> => {
    const registered = await graphql<{ register: { accessToken: string } }>(
      `${baseUrl}/graphql`,
      'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
      { input: { email, password: 'a long enough passphrase', name, organizationName } },
    );
    return registered.body.data!.register.accessToken;
  };

  it('records positions (binary array parameters, unprepared statements) and reads them back', async () => {
    const url = `${baseUrl}/graphql`;
    const token = await registerOwner('fleet@example.com', 'Fleet Owner', 'Embedded Fleet');
    const created = await graphql<{ createVehicle: { id: string } }>(
      url,
      'mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
      { input: { name: 'Van', speedLimitKph: 50 } },
      { token },
    );
    const vehicleId = created.body.data!.createVehicle.id;
    const start = Date.now() - 120_000;
    const positions = [
      { vehicleId, at: new Date(start).toISOString(), lat: 45.5, lng: 7.25, speedKph: 80.5 },
      { vehicleId, at: new Date(start + 1000).toISOString(), lat: -33.9, lng: 151.2, heading: 90 },
    ];
    const recorded = await graphql<{ recordPositions: number }>(
      url,
      'mutation ($p: [PositionInput!]!) { recordPositions(positions: $p) }',
      { p: positions },
      { token },
    );
    expect(recorded.body).toEqual({ data: { recordPositions: 2 } });
    const read = await graphql<{
      vehicle: {
        lastPosition: { lat: number; lng: number; speedKph: number | null; heading: number };
      };
    }>(
      url,
      'query ($id: ID!) { vehicle(id: $id) { lastPosition { lat lng speedKph heading } } }',
      { id: vehicleId },
      { token },
    );
    expect(read.body.data!.vehicle.lastPosition).toEqual({
      lat: -33.9,
      lng: 151.2,
      speedKph: null,
      heading: 90,
    });
  });

  it('creates, updates and moves tasks (unprepared INSERT and UPDATE with array and enum parameters), audited, positioned last', async () => {
    const url = `${baseUrl}/graphql`;
    const token = await registerOwner('tasks@example.com', 'Task Owner', 'Embedded Tasks');
    const create = async (input: Record<string, unknown>) => {
      const { body } = await graphql<{ createTask: { id: string; position: number } }>(
        url,
        'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id position } }',
        { input },
        { token },
      );
      expect(body.errors).toBeUndefined();
      return body.data!.createTask;
    };
    const first = await create({ title: 'First', labels: ['a', 'b'], priority: 'HIGH' });
    const second = await create({ title: 'Second' });
    const child = await create({ title: 'Child', parentId: first.id, status: 'DONE' });
    expect(second.position).toBeGreaterThan(first.position);
    expect(child.position).toBeGreaterThan(0);
    const read = await graphql<{
      task: {
        labels: string[];
        priority: string;
        subtasks: Array<{ id: string; status: string; completedAt: string | null }>;
      };
    }>(
      url,
      'query ($id: ID!) { task(id: $id) { labels priority subtasks { id status completedAt } } }',
      { id: first.id },
      { token },
    );
    expect(read.body.data!.task).toMatchObject({ labels: ['a', 'b'], priority: 'HIGH' });
    expect(read.body.data!.task.subtasks).toEqual([
      { id: child.id, status: 'DONE', completedAt: expect.any(String) },
    ]);
    const audit = await graphql<{
      auditLog: { nodes: Array<{ action: string; entityId: string }> };
    }>(url, '{ auditLog(first: 10) { nodes { action entityId } } }', undefined, { token });
    expect(audit.body.data!.auditLog.nodes).toEqual(
      expect.arrayContaining([
        { action: 'task.created', entityId: first.id },
        { action: 'task.created', entityId: child.id },
      ]),
    );

    // Updated and moved through the unprepared write-back UPDATE.
    const updated = await graphql<{ updateTask: { labels: string[]; priority: string } }>(
      url,
      'mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { labels priority } }',
      { id: second.id, input: { labels: ['c'], priority: 'URGENT' } },
      { token },
    );
    expect(updated.body.errors).toBeUndefined();
    const moved = await graphql<{ moveTask: { parent: { id: string } } }>(
      url,
      'mutation ($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { parent { id } } }',
      { id: second.id, input: { parentId: first.id } },
      { token },
    );
    expect(moved.body.errors).toBeUndefined();
    const stored = await graphql<{
      task: { labels: string[]; priority: string; parent: { id: string } };
    }>(
      url,
      'query ($id: ID!) { task(id: $id) { labels priority parent { id } } }',
      { id: second.id },
      {
        token,
      },
    );
    expect(stored.body.data!.task).toEqual({
      labels: ['c'],
      priority: 'URGENT',
      parent: { id: first.id },
    });
  });

  it('runs queue jobs on the PostgreSQL backend (the scheduled outbox pruning)', async () => {
    const metrics = await eventually(
      async () => {
        const text = await (await fetch(`${baseUrl}/metrics`)).text();
        return /switchboard_queue_jobs_processed_total\{queue="maintenance",name="prune-outbox",outcome="completed"\} [1-9]/.test(
          text,
        )
          ? text
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'a completed maintenance job' },
    );
    expect(metrics).toMatch(
      /switchboard_queue_jobs\{queue="maintenance",state="completed"\} [1-9]/,
    );
  });

  it('serves the operators’ queue dashboard over the PostgreSQL backend’s queues', async () => {
    const refused = await fetch(`${baseUrl}/admin/queues/api/queues`);
    expect(refused.status).toBe(401);
    const response = await fetch(
      `${baseUrl}/admin/queues/api/queues?activeQueue=maintenance&status=completed`,
      {
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      queues: Array<{ name: string; counts: Record<string, number> }>;
    };
    expect(body.queues.map((queue) => queue.name)).toContain('maintenance');
    expect(
      body.queues.find((queue) => queue.name === 'maintenance')!.counts.completed,
    ).toBeGreaterThan(0);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
