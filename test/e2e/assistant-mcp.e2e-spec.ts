import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { can } from '@/access/permissions';
import { Role } from '@/access/role';
import { CALL, importCall } from '../factories/calls.factory';
import { createEvent } from '../factories/calendar.factory';
import { createVehicle } from '../factories/fleet.factory';
import {
  Account,
  addMemberWithRole,
  createApiKey,
  gqlOk,
  Member,
  registerUser,
} from '../factories/identity.factory';
import { createTask, TASK } from '../factories/task.factory';
import { startApi, TestApp } from '../utils/test-app';

const WRITE_TOOLS = [
  'create_task',
  'update_task',
  'complete_task',
  'delete_task',
  'add_task_comment',
  'create_event',
  'update_event',
  'delete_event',
  'score_call',
  'acknowledge_alert',
];

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-e2e', version: '1' },
  },
};

describe('assistant MCP server (/mcp)', () => {
  let api: TestApp;
  let mcpUrl: URL;
  const clients: Client[] = [];

  beforeAll(async () => {
    api = await startApi();
    mcpUrl = new URL(`${api.url}/mcp`);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await api.close();
  });

  /** An MCP SDK client over Streamable HTTP, signed in with `secret` (access token or API key). */
  async function connect(secret: string, headers: Record<string, string> = {}): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(mcpUrl, {
      requestInit: { headers: { Authorization: `Bearer ${secret}`, ...headers } },
    });
    const client = new Client({ name: 'switchboard-e2e', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  /** The HTTP status a connection attempt was refused with. */
  async function refusal(secret: string | null, headers: Record<string, string> = {}) {
    const transport = new StreamableHTTPClientTransport(mcpUrl, {
      requestInit: {
        headers: { ...(secret ? { Authorization: `Bearer ${secret}` } : {}), ...headers },
      },
    });
    const client = new Client({ name: 'switchboard-e2e', version: '1.0.0' });
    const error = await client.connect(transport).then(
      () => {
        clients.push(client);
        return new Error('expected the connection to be refused');
      },
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StreamableHTTPError);
    return (error as StreamableHTTPError).code;
  }

  const toolNames = async (client: Client) =>
    (await client.listTools()).tools.map((tool) => tool.name).sort();

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ): Promise<CallToolResult> {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  }

  const textOf = (result: CallToolResult) =>
    result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

  const taskOrNull = async (token: string, id: string) =>
    (
      await gqlOk<{ task: { id: string; title: string; source: string } | null }>(
        api,
        TASK,
        { id },
        token,
      )
    ).task;

  /** An organization with an owner, two AGENTs and a SUPERVISOR. */
  async function organization(): Promise<{
    owner: Account;
    agent: Member;
    otherAgent: Member;
    supervisor: Member;
  }> {
    const owner = await registerUser(api, { timezone: 'America/Chicago' });
    const [agent, otherAgent, supervisor] = await Promise.all([
      addMemberWithRole(api, owner, 'AGENT'),
      addMemberWithRole(api, owner, 'AGENT'),
      addMemberWithRole(api, owner, 'SUPERVISOR'),
    ]);
    return { owner, agent, otherAgent, supervisor };
  }

  describe('the door', () => {
    it('initializes over stateless Streamable HTTP and names itself', async () => {
      const { agent } = await organization();
      const client = await connect(agent.accessToken);
      expect(client.getServerVersion()).toMatchObject({ name: 'switchboard' });
      expect(client.getServerCapabilities()?.tools).toBeDefined();
      expect(client.getInstructions()).toMatch(/confirmationToken/);
    });

    it('answers 401 with a Bearer challenge and a JSON-RPC error without credentials', async () => {
      const response = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(INITIALIZE),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="switchboard"/);
      const body = (await response.json()) as { jsonrpc: string; error: { code: number } };
      expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
      expect(await refusal(null)).toBe(401);
    });

    it('answers 401 to a bad token, naming it invalid', async () => {
      const response = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: 'Bearer not-a-token',
        },
        body: JSON.stringify(INITIALIZE),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    });

    it('refuses a foreign Origin with 403 even with good credentials, and allows a configured one', async () => {
      const { agent } = await organization();
      expect(await refusal(agent.accessToken, { Origin: 'https://evil.example' })).toBe(403);
      const response = await fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Origin: 'https://evil.example',
        },
        body: JSON.stringify(INITIALIZE),
      });
      expect(response.status).toBe(403);
      const allowed = await connect(agent.accessToken, { Origin: 'http://localhost:5173' });
      expect(await toolNames(allowed)).toContain('create_task');
    });

    it('refuses an access token whose session was signed out', async () => {
      const { agent } = await organization();
      const client = await connect(agent.accessToken);
      expect(await toolNames(client)).toContain('create_task');
      await gqlOk(api, 'mutation { logout }', undefined, agent.accessToken);
      await expect(client.listTools()).rejects.toMatchObject({ code: 401 });
      expect(await refusal(agent.accessToken)).toBe(401);
    });

    it("spends the caller's API rate budget: over it, 429 with Retry-After", async () => {
      const limited = await startApi({ env: { RATE_LIMIT_USER_PER_MINUTE: '3' } });
      try {
        const owner = await registerUser(api);
        const post = () =>
          fetch(`${limited.url}/mcp`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json, text/event-stream',
              Authorization: `Bearer ${owner.accessToken}`,
            },
            body: JSON.stringify(INITIALIZE),
          });
        for (let request = 0; request < 3; request++) expect((await post()).status).toBe(200);
        const refused = await post();
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
      } finally {
        await limited.close();
      }
    });

    it('answers GET and DELETE with 405: there are no sessions to stream or end', async () => {
      const { agent } = await organization();
      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(mcpUrl, {
          method,
          headers: {
            Accept: 'text/event-stream',
            Authorization: `Bearer ${agent.accessToken}`,
          },
        });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('POST');
      }
    });

    it('works with an API key, creating tasks as the assistant', async () => {
      const { owner } = await organization();
      const key = await createApiKey(api, owner, 'AGENT');
      const client = await connect(key.secret);
      expect(await toolNames(client)).toContain('create_task');
      const result = await call(client, 'create_task', { title: 'Order tire samples' });
      expect(result.isError).toBeFalsy();
      const id = (result.structuredContent as { id: string }).id;
      expect(await taskOrNull(owner.accessToken, id)).toMatchObject({
        title: 'Order tire samples',
        source: 'ASSISTANT',
      });
    });
  });

  describe('tools offered by role', () => {
    it('offers an AGENT the task tools but not score_call or acknowledge_alert, with annotations', async () => {
      const { agent } = await organization();
      const client = await connect(agent.accessToken);
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['create_task', 'list_tasks', 'delete_task']));
      expect(names).not.toContain('score_call');
      expect(names).not.toContain('acknowledge_alert');

      const byName = new Map<string, Tool>(tools.map((tool) => [tool.name, tool]));
      expect(byName.get('list_tasks')?.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      });
      expect(byName.get('create_task')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        openWorldHint: false,
      });
      expect(byName.get('create_task')?.title).toBeTruthy();
      expect(byName.get('create_task')?.inputSchema.required).toContain('title');
      const deleteTask = byName.get('delete_task');
      expect(deleteTask?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
      expect(deleteTask?.inputSchema.properties).toHaveProperty('confirmationToken');
      expect(deleteTask?.inputSchema.required ?? []).not.toContain('confirmationToken');
      expect(byName.get('create_task')?.inputSchema.properties).not.toHaveProperty(
        'confirmationToken',
      );
    });

    it('offers a SUPERVISOR score_call and acknowledge_alert', async () => {
      const { supervisor } = await organization();
      const names = await toolNames(await connect(supervisor.accessToken));
      expect(names).toEqual(expect.arrayContaining(['score_call', 'acknowledge_alert']));
    });

    // The door needs assistant:use; whether a VIEWER holds it is the permission matrix's call.
    if (can(Role.VIEWER, 'assistant:use')) {
      it('offers a VIEWER no write tool, and refuses create_task called anyway', async () => {
        const { owner } = await organization();
        const viewer = await addMemberWithRole(api, owner, 'VIEWER');
        const client = await connect(viewer.accessToken);
        const names = await toolNames(client);
        expect(names).toContain('list_tasks');
        expect(names.filter((name) => WRITE_TOOLS.includes(name))).toEqual([]);
        const before = await gqlOk<{ tasks: { totalCount: number } }>(
          api,
          '{ tasks { totalCount } }',
          {},
          owner.accessToken,
        );
        const result = await call(client, 'create_task', { title: 'Sneaky' });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/^FORBIDDEN/);
        const after = await gqlOk<{ tasks: { totalCount: number } }>(
          api,
          '{ tasks { totalCount } }',
          {},
          owner.accessToken,
        );
        expect(after.tasks.totalCount).toBe(before.tasks.totalCount);
      });
    } else {
      it('refuses a VIEWER (no assistant:use) at the door with 403', async () => {
        const { owner } = await organization();
        const viewer = await addMemberWithRole(api, owner, 'VIEWER');
        expect(await refusal(viewer.accessToken)).toBe(403);
        const key = await createApiKey(api, owner, 'VIEWER');
        expect(await refusal(key.secret)).toBe(403);
      });
    }
  });

  describe('calling tools', () => {
    it('creates a task with the caller as creator and source ASSISTANT', async () => {
      const { owner, agent } = await organization();
      const client = await connect(agent.accessToken);
      const result = await call(client, 'create_task', {
        title: 'Pick up the tire samples',
        priority: 'HIGH',
        dueAt: '2026-12-11T17:00:00.000Z',
        assigneeId: agent.userId,
      });
      expect(result.isError).toBeFalsy();
      const created = result.structuredContent as { id: string; title: string };
      expect(JSON.parse(textOf(result))).toEqual(created);
      const task = await gqlOk<{ task: Record<string, any> }>(
        api,
        `query ($id: ID!) { task(id: $id) { id title priority dueAt source creator { id } assignee { id } } }`,
        { id: created.id },
        owner.accessToken,
      );
      expect(task.task).toEqual({
        id: created.id,
        title: 'Pick up the tire samples',
        priority: 'HIGH',
        dueAt: '2026-12-11T17:00:00.000Z',
        source: 'ASSISTANT',
        creator: { id: agent.userId },
        assignee: { id: agent.userId },
      });
    });

    it('records every tools/call as an AgentRun of channel and planner mcp', async () => {
      const { agent } = await organization();
      const client = await connect(agent.accessToken);
      await client.listTools();
      const created = await call(client, 'create_task', { title: 'Recorded' });
      const taskId = (created.structuredContent as { id: string }).id;
      const pending = await call(client, 'delete_task', { id: taskId });
      const { confirmationToken } = pending.structuredContent as { confirmationToken: string };
      await call(client, 'score_call', { callId: taskId });

      const { agentRuns } = await gqlOk<{
        agentRuns: { totalCount: number; nodes: Array<Record<string, any>> };
      }>(
        api,
        `query { agentRuns(first: 10, channel: "mcp") { totalCount nodes {
          channel planner input status reply actor { id } toolCalls { name input outcome error } } } }`,
        {},
        agent.accessToken,
      );
      // Newest first.
      const runs = [...agentRuns.nodes].reverse();
      expect(runs).toEqual([
        expect.objectContaining({
          channel: 'mcp',
          planner: 'mcp',
          input: 'create_task',
          status: 'COMPLETED',
          actor: { id: agent.userId },
          toolCalls: [
            expect.objectContaining({
              name: 'create_task',
              input: { title: 'Recorded' },
              outcome: 'ok',
            }),
          ],
        }),
        expect.objectContaining({
          input: 'delete_task',
          status: 'NEEDS_CONFIRMATION',
          toolCalls: [expect.objectContaining({ outcome: 'needs_confirmation' })],
        }),
        expect.objectContaining({
          input: 'score_call',
          status: 'REFUSED',
          toolCalls: [expect.objectContaining({ error: expect.stringMatching(/^FORBIDDEN/) })],
        }),
      ]);
      // The confirmation token is the caller's secret (stored hashed): the record never holds it.
      expect(JSON.stringify(runs)).not.toContain(confirmationToken);
    });

    it('answers invalid input and unknown tools as tool errors', async () => {
      const { agent } = await organization();
      const client = await connect(agent.accessToken);
      const invalid = await call(client, 'create_task', { title: '' });
      expect(invalid.isError).toBe(true);
      expect(textOf(invalid)).toMatch(/^BAD_USER_INPUT/);
      const unknown = await call(client, 'launch_rockets', {});
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/^UNKNOWN_TOOL/);
    });

    it("refuses a tool the caller's role lacks, called directly, and writes nothing", async () => {
      const { agent } = await organization();
      const imported = await importCall(api, agent.accessToken);
      const client = await connect(agent.accessToken);
      const result = await call(client, 'score_call', { callId: imported.id });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^FORBIDDEN/);
      expect(result.structuredContent).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const after = await gqlOk<{ call: { scoreStatus: string; score: unknown } }>(
        api,
        CALL,
        { id: imported.id },
        agent.accessToken,
      );
      expect(after.call.scoreStatus).toBe(imported.scoreStatus);
      expect(after.call.score).toBeNull();
    });

    it("answers another organization's task id with NOT_FOUND and none of its data", async () => {
      const { agent } = await organization();
      const stranger = await registerUser(api);
      const foreign = await createTask(api, stranger.accessToken, {
        title: 'Secret merger plan',
        description: 'confidential',
      });
      const client = await connect(agent.accessToken);
      for (const [name, args] of [
        ['get_task', { id: foreign.id }],
        ['update_task', { id: foreign.id, title: 'Hijacked' }],
        ['complete_task', { id: foreign.id }],
        ['add_task_comment', { taskId: foreign.id, body: 'hello' }],
        ['delete_task', { id: foreign.id }],
      ] as const) {
        const result = await call(client, name, args);
        expect({ name, isError: result.isError, text: textOf(result) }).toEqual({
          name,
          isError: true,
          text: expect.stringMatching(/^NOT_FOUND/) as unknown,
        });
        expect(JSON.stringify(result)).not.toMatch(/Secret merger|confidential/);
      }
      expect(await taskOrNull(stranger.accessToken, foreign.id)).toMatchObject({
        title: 'Secret merger plan',
      });
    });
    it("answers another organization's event, call and vehicle ids with NOT_FOUND", async () => {
      const { supervisor } = await organization();
      const stranger = await registerUser(api);
      const event = await createEvent(api, stranger.accessToken, { title: 'Board meeting' });
      const foreignCall = await importCall(api, stranger.accessToken);
      const vehicle = await createVehicle(api, stranger.accessToken, { name: 'Secret truck' });
      const client = await connect(supervisor.accessToken);
      for (const [name, args] of [
        ['update_event', { id: event.id, title: 'Hijacked' }],
        ['delete_event', { id: event.id }],
        ['get_call_score', { callId: foreignCall.id }],
        ['score_call', { callId: foreignCall.id }],
        ['locate_vehicle', { vehicleId: vehicle.id }],
      ] as const) {
        const result = await call(client, name, args);
        expect({ name, isError: result.isError, text: textOf(result) }).toEqual({
          name,
          isError: true,
          text: expect.stringMatching(/^NOT_FOUND/) as unknown,
        });
        expect(JSON.stringify(result)).not.toMatch(/Board meeting|Secret truck/);
      }
    });
  });

  describe('confirmation of destructive tools', () => {
    it('deletes a task only with the token it minted, once', async () => {
      const { agent } = await organization();
      const task = await createTask(api, agent.accessToken, { title: 'Order tires' });
      const client = await connect(agent.accessToken);

      const first = await call(client, 'delete_task', { id: task.id });
      expect(first.isError).toBeFalsy();
      const pending = first.structuredContent as {
        status: string;
        summary: string;
        confirmationToken: string;
        expiresAt: string;
      };
      expect(pending.status).toBe('NEEDS_CONFIRMATION');
      expect(pending.summary).toContain('Order tires');
      expect(new Date(pending.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(textOf(first)).toContain(`confirmationToken=${pending.confirmationToken}`);
      expect(await taskOrNull(agent.accessToken, task.id)).not.toBeNull();

      const confirmed = await call(client, 'delete_task', {
        id: task.id,
        confirmationToken: pending.confirmationToken,
      });
      expect(confirmed.isError).toBeFalsy();
      expect(await taskOrNull(agent.accessToken, task.id)).toBeNull();

      const replayed = await call(client, 'delete_task', {
        id: task.id,
        confirmationToken: pending.confirmationToken,
      });
      expect(replayed.isError).toBe(true);
      expect(textOf(replayed)).toMatch(/^FORBIDDEN/);
    });

    it("refuses another user's token, and a token given for another task", async () => {
      const { agent, otherAgent } = await organization();
      const task = await createTask(api, agent.accessToken, { title: 'Keep me' });
      const other = await createTask(api, agent.accessToken, { title: 'Keep me too' });
      const mine = await connect(agent.accessToken);
      const theirs = await connect(otherAgent.accessToken);

      const pending = (await call(mine, 'delete_task', { id: task.id })).structuredContent as {
        confirmationToken: string;
      };
      const stolen = await call(theirs, 'delete_task', {
        id: task.id,
        confirmationToken: pending.confirmationToken,
      });
      expect(stolen.isError).toBe(true);
      expect(textOf(stolen)).toMatch(/^FORBIDDEN/);

      const elsewhere = await call(mine, 'delete_task', {
        id: other.id,
        confirmationToken: pending.confirmationToken,
      });
      expect(elsewhere.isError).toBe(true);
      expect(textOf(elsewhere)).toMatch(/^FORBIDDEN/);

      expect(await taskOrNull(agent.accessToken, task.id)).toMatchObject({ title: 'Keep me' });
      expect(await taskOrNull(agent.accessToken, other.id)).toMatchObject({ title: 'Keep me too' });
    });
  });
});
