import { Logger } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Role } from '@/access/role';
import type { Viewer } from '@/access/viewer';
import type { ToolContext, ToolDescriptor, ToolOutcome } from '../assistant-types';
import {
  McpRunRecord,
  McpServerFactory,
  McpToolGate,
  splitArguments,
  toCallToolResult,
  toMcpTool,
} from './mcp-server.factory';

const viewer: Viewer = {
  kind: 'user',
  organizationId: '00000000-0000-4000-8000-000000000001',
  role: Role.AGENT,
  userId: '00000000-0000-4000-8000-000000000002',
  sessionId: '00000000-0000-4000-8000-000000000003',
  apiKeyId: null,
  expiresAt: null,
};

const createTask: ToolDescriptor = {
  name: 'create_task',
  title: 'Create a task',
  description: 'Creates a task.',
  inputSchema: {
    type: 'object',
    properties: { title: { type: 'string' } },
    required: ['title'],
    additionalProperties: false,
  },
  readOnly: false,
  destructive: false,
};
const listTasks: ToolDescriptor = {
  ...createTask,
  name: 'list_tasks',
  title: 'List tasks',
  inputSchema: { type: 'object', properties: {} },
  readOnly: true,
};
const deleteTask: ToolDescriptor = {
  ...createTask,
  name: 'delete_task',
  title: 'Delete a task',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  destructive: true,
};

describe('toMcpTool', () => {
  it('carries title, schema and annotations, idempotent only for reads', () => {
    expect(toMcpTool(createTask)).toEqual({
      name: 'create_task',
      title: 'Create a task',
      description: 'Creates a task.',
      inputSchema: createTask.inputSchema,
      annotations: {
        title: 'Create a task',
        readOnlyHint: false,
        destructiveHint: false,
        openWorldHint: false,
      },
    });
    expect(toMcpTool(listTasks).annotations).toEqual({
      title: 'List tasks',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
  });

  it('gives a destructive tool an optional confirmationToken and says so', () => {
    const tool = toMcpTool(deleteTask);
    expect(tool.inputSchema.properties).toEqual({
      id: { type: 'string' },
      confirmationToken: expect.objectContaining({ type: 'string' }) as unknown,
    });
    expect(tool.inputSchema.required).toEqual(['id']);
    expect(tool.description).toMatch(/confirmationToken/);
    expect(tool.annotations?.destructiveHint).toBe(true);
    // The registry's descriptor is not changed for the other doors.
    expect(deleteTask.inputSchema.properties).toEqual({ id: { type: 'string' } });
  });
});

describe('splitArguments', () => {
  it('takes the confirmation token out of the tool input', () => {
    expect(splitArguments({ id: 'x', confirmationToken: 'tok' })).toEqual({
      input: { id: 'x' },
      confirmationToken: 'tok',
    });
    expect(splitArguments({ id: 'x', confirmationToken: '' })).toEqual({ input: { id: 'x' } });
    expect(splitArguments({ id: 'x', confirmationToken: 42 })).toEqual({ input: { id: 'x' } });
    expect(splitArguments(undefined)).toEqual({ input: {} });
  });
});

describe('toCallToolResult', () => {
  it('returns output as JSON text, and as structured content when it is an object', () => {
    expect(toCallToolResult('get_task', { status: 'ok', output: { id: 't1' } })).toEqual({
      content: [{ type: 'text', text: '{"id":"t1"}' }],
      structuredContent: { id: 't1' },
    });
    expect(toCallToolResult('list_tasks', { status: 'ok', output: [{ id: 't1' }] })).toEqual({
      content: [{ type: 'text', text: '[{"id":"t1"}]' }],
    });
  });

  it('asks for confirmation without an error, naming the token', () => {
    const expiresAt = new Date('2026-12-07T10:02:00.000Z');
    const result = toCallToolResult('delete_task', {
      status: 'needs_confirmation',
      summary: 'Delete the task "Order tires"?',
      token: 'tok-1',
      expiresAt,
    });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toEqual({
      status: 'NEEDS_CONFIRMATION',
      summary: 'Delete the task "Order tires"?',
      confirmationToken: 'tok-1',
      expiresAt: '2026-12-07T10:02:00.000Z',
    });
    const text = (result.content[0] as { text: string }).text;
    expect(text).toContain('Delete the task "Order tires"?');
    expect(text).toContain(
      'call delete_task again with the same arguments and confirmationToken=tok-1',
    );
  });

  it('marks errors with their code', () => {
    const result = toCallToolResult('create_task', {
      status: 'error',
      code: 'FORBIDDEN',
      message: 'Your role (VIEWER) cannot do that',
    });
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'FORBIDDEN: Your role (VIEWER) cannot do that' }],
      structuredContent: {
        error: { code: 'FORBIDDEN', message: 'Your role (VIEWER) cannot do that' },
      },
    });
  });
});

describe('McpServerFactory over an MCP client', () => {
  const now = new Date('2026-12-07T10:00:00.000Z');

  async function connect(gate: McpToolGate, records: McpRunRecord[] = [], caller = viewer) {
    const offered: Viewer[] = [];
    const factory = new McpServerFactory({
      offer: {
        offeredTo: (who) => {
          offered.push(who);
          return who.role === Role.VIEWER ? [listTasks] : [createTask, listTasks, deleteTask];
        },
      },
      gate,
      timeZoneOf: (who) => Promise.resolve(who.kind === 'user' ? 'Europe/Paris' : 'UTC'),
      record: (_who, run) => {
        records.push(run);
        return Promise.resolve();
      },
      now: () => now,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await factory.create(caller).connect(serverSide);
    const client = new Client({ name: 'spec', version: '1' });
    await client.connect(clientSide);
    return { client, offered };
  }

  const gateAnswering = (outcome: ToolOutcome) => {
    const calls: Array<{ context: ToolContext; name: string; input: unknown; token?: string }> = [];
    const gate: McpToolGate = {
      call: (context, name, input, options) => {
        calls.push({ context, name, input, token: options?.confirmationToken });
        return Promise.resolve({ outcome, input: input as Record<string, unknown> });
      },
    };
    return { gate, calls };
  };

  it('lists the tools the registry offers the caller, as the mcp channel', async () => {
    const { gate } = gateAnswering({ status: 'ok', output: null });
    const { client, offered } = await connect(gate, [], { ...viewer, role: Role.VIEWER });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['list_tasks']);
    expect(offered[0]).toMatchObject({ role: Role.VIEWER, channel: 'mcp' });
    await client.close();
  });

  it('calls through the gate with the caller, clock, time zone and token, and records the run', async () => {
    const records: McpRunRecord[] = [];
    const { gate, calls } = gateAnswering({
      status: 'needs_confirmation',
      summary: 'Delete the task "X"?',
      token: 'tok',
      expiresAt: new Date('2026-12-07T10:02:00.000Z'),
    });
    const { client } = await connect(gate, records);
    const result = await client.callTool({
      name: 'delete_task',
      arguments: { id: 'task-1', confirmationToken: 'earlier' },
    });
    expect(calls).toEqual([
      {
        context: { viewer: { ...viewer, channel: 'mcp' }, now, timeZone: 'Europe/Paris' },
        name: 'delete_task',
        input: { id: 'task-1' },
        token: 'earlier',
      },
    ]);
    expect(result.structuredContent).toMatchObject({ status: 'NEEDS_CONFIRMATION' });
    expect(records).toEqual([
      expect.objectContaining({
        actorUserId: viewer.userId,
        input: 'delete_task',
        status: 'NEEDS_CONFIRMATION',
        reply: 'NEEDS_CONFIRMATION: Delete the task "X"?',
        toolCalls: [
          expect.objectContaining({
            name: 'delete_task',
            input: { id: 'task-1' },
            outcome: 'needs_confirmation',
          }),
        ],
      }),
    ]);
    await client.close();
  });

  it('answers a failing gate with an INTERNAL tool error, not a protocol error', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const records: McpRunRecord[] = [];
    const gate: McpToolGate = { call: () => Promise.reject(new Error('database is down')) };
    const { client } = await connect(gate, records);
    const result = await client.callTool({ name: 'create_task', arguments: { title: 'x' } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'INTERNAL: create_task failed unexpectedly.' },
    ]);
    expect(JSON.stringify(result)).not.toContain('database is down');
    expect(records[0]).toMatchObject({ status: 'FAILED' });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
    await client.close();
  });

  it('records a refusal as REFUSED', async () => {
    const records: McpRunRecord[] = [];
    const { gate } = gateAnswering({ status: 'error', code: 'FORBIDDEN', message: 'no' });
    const { client } = await connect(gate, records);
    const result = await client.callTool({ name: 'create_task', arguments: { title: 'x' } });
    expect(result.isError).toBe(true);
    expect(records[0]).toMatchObject({ status: 'REFUSED', error: 'FORBIDDEN: no' });
    await client.close();
  });
});
