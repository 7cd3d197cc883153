import { Logger } from '@nestjs/common';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Viewer } from '@/access/viewer';
import type {
  AssistantStatus,
  RecordedToolCall,
  ToolContext,
  ToolDescriptor,
  ToolOutcome,
} from '../assistant-types';
import { recordedCall } from '../assistant-replies';
import type { ToolOffer } from '../tools/tool-definition';

/** What the factory needs of ToolGate: every call passes its checks and confirmation. */
export interface McpToolGate {
  call(
    context: ToolContext,
    name: string,
    input: unknown,
    options?: { confirmationToken?: string },
  ): Promise<{ outcome: ToolOutcome; input: Record<string, unknown> }>;
}

/** One MCP tools/call as an AgentRun (channel and planner `mcp`). */
export interface McpRunRecord {
  actorUserId: string | null;
  actorApiKeyId: string | null;
  /** The tool called: MCP has no words, only the call. */
  input: string;
  toolCalls: RecordedToolCall[];
  reply: string;
  status: AssistantStatus;
  error: string | null;
  toolsMs: number;
  totalMs: number;
}

export interface McpServerDependencies {
  offer: ToolOffer;
  gate: McpToolGate;
  /** The caller's IANA time zone: their profile's for a person, UTC for an API key. */
  timeZoneOf(viewer: Viewer): Promise<string>;
  /** Records the call; a failure to record is logged, never the caller's problem. */
  record?(viewer: Viewer, run: McpRunRecord): Promise<unknown>;
  /** Injected so tests can pin the clock. */
  now?: () => Date;
}

/** The argument an MCP client passes back to run a destructive tool it was asked to confirm. */
export const CONFIRMATION_TOKEN_ARGUMENT = 'confirmationToken';

const SERVER_INFO = { name: 'switchboard', title: 'Switchboard', version: '0.1.0' };

const INSTRUCTIONS =
  'Switchboard tools act with your own rights in your organization: tasks, calendar, calls, fleet ' +
  'and the directory. Ids are UUIDs (look them up with the list_* and find_members tools); instants ' +
  'are ISO-8601 with an offset. Destructive tools (delete_*) do not run on the first call: they ' +
  'answer NEEDS_CONFIRMATION with a summary and a confirmationToken; show the summary to the user ' +
  'and, only if they agree, call the same tool again with the same arguments plus that ' +
  'confirmationToken (single use, valid 2 minutes).';

/** The MCP tool for a descriptor; destructive tools gain the confirmationToken argument. */
export function toMcpTool(tool: ToolDescriptor): Tool {
  const schema = tool.inputSchema as Tool['inputSchema'];
  const inputSchema: Tool['inputSchema'] = tool.destructive
    ? {
        ...schema,
        type: 'object',
        properties: {
          ...(schema.properties ?? {}),
          [CONFIRMATION_TOKEN_ARGUMENT]: {
            type: 'string',
            description:
              'Leave out on the first call. This tool then answers NEEDS_CONFIRMATION with a token; ' +
              'after the user agrees, call again with the same arguments and this token.',
          },
        },
      }
    : { ...schema, type: 'object' };
  return {
    name: tool.name,
    title: tool.title,
    description: tool.destructive
      ? `${tool.description} Destructive: runs only when called again with the confirmationToken it returns.`
      : tool.description,
    inputSchema,
    annotations: {
      title: tool.title,
      readOnlyHint: tool.readOnly,
      destructiveHint: tool.destructive,
      // Reads are idempotent; writes (create_task twice makes two tasks) are not claimed to be.
      ...(tool.readOnly ? { idempotentHint: true } : {}),
      openWorldHint: false,
    },
  };
}

/** Splits the confirmation token (MCP's own argument) from the tool's input. */
export function splitArguments(args: Record<string, unknown> | undefined): {
  input: Record<string, unknown>;
  confirmationToken?: string;
} {
  const { [CONFIRMATION_TOKEN_ARGUMENT]: token, ...input } = args ?? {};
  return typeof token === 'string' && token !== ''
    ? { input, confirmationToken: token }
    : { input };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The MCP result of a gate outcome. */
export function toCallToolResult(name: string, outcome: ToolOutcome): CallToolResult {
  switch (outcome.status) {
    case 'ok': {
      const text = JSON.stringify(outcome.output ?? null);
      return {
        content: [{ type: 'text', text }],
        ...(isPlainObject(outcome.output) ? { structuredContent: outcome.output } : {}),
      };
    }
    case 'needs_confirmation': {
      const expiresAt = outcome.expiresAt.toISOString();
      return {
        isError: false,
        content: [
          {
            type: 'text',
            text:
              `NEEDS_CONFIRMATION: ${outcome.summary} Nothing has been done yet. If the user agrees, ` +
              `call ${name} again with the same arguments and confirmationToken=${outcome.token} ` +
              `to proceed (single use, expires ${expiresAt}).`,
          },
        ],
        structuredContent: {
          status: 'NEEDS_CONFIRMATION',
          summary: outcome.summary,
          confirmationToken: outcome.token,
          expiresAt,
        },
      };
    }
    case 'error':
      return {
        isError: true,
        content: [{ type: 'text', text: `${outcome.code}: ${outcome.message}` }],
        structuredContent: { error: { code: outcome.code, message: outcome.message } },
      };
  }
}

/** The AgentRun status an MCP call's outcome amounts to. */
export function runStatusOf(outcome: ToolOutcome): AssistantStatus {
  switch (outcome.status) {
    case 'ok':
      return 'COMPLETED';
    case 'needs_confirmation':
      return 'NEEDS_CONFIRMATION';
    case 'error':
      return outcome.code === 'FORBIDDEN' || outcome.code === 'UNAUTHENTICATED'
        ? 'REFUSED'
        : 'FAILED';
  }
}

/** The reply as recorded: the text the client got, minus the confirmation token (a secret, kept hashed). */
function replyOf(result: CallToolResult, outcome: ToolOutcome): string {
  if (outcome.status === 'needs_confirmation') return `NEEDS_CONFIRMATION: ${outcome.summary}`;
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/**
 * Builds the MCP server one request talks to (stateless Streamable HTTP: a
 * new server per request, nothing kept between them). It is a thin door over
 * the tool registry and ToolGate: tools/list is the registry's offer for the
 * caller's role, and tools/call goes through the gate exactly as askAssistant's
 * planners do, so validation, the permission check and confirmation of
 * destructive tools are the same — an MCP client cannot skip them.
 */
export class McpServerFactory {
  private readonly logger = new Logger(McpServerFactory.name);

  constructor(private readonly dependencies: McpServerDependencies) {}

  create(caller: Viewer): Server {
    const viewer: Viewer = { ...caller, channel: 'mcp' };
    const server = new Server(SERVER_INFO, {
      capabilities: { tools: { listChanged: false } },
      instructions: INSTRUCTIONS,
    });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: this.dependencies.offer.offeredTo(viewer).map(toMcpTool),
    }));
    server.setRequestHandler(CallToolRequestSchema, (request) =>
      this.call(viewer, request.params.name, request.params.arguments),
    );
    return server;
  }

  private async call(
    viewer: Viewer,
    name: string,
    args: Record<string, unknown> | undefined,
  ): Promise<CallToolResult> {
    const started = performance.now();
    const { input, confirmationToken } = splitArguments(args);
    let outcome: ToolOutcome;
    let ranWith: Record<string, unknown> = input;
    try {
      const context: ToolContext = {
        viewer,
        now: this.dependencies.now?.() ?? new Date(),
        timeZone: await this.dependencies.timeZoneOf(viewer),
      };
      const result = await this.dependencies.gate.call(context, name, input, { confirmationToken });
      outcome = result.outcome;
      ranWith = result.input;
    } catch (error) {
      // The gate answers every caller mistake as an outcome; what reaches here is ours.
      this.logger.error(
        { err: error, tool: name, organizationId: viewer.organizationId },
        'MCP tool call failed',
      );
      outcome = { status: 'error', code: 'INTERNAL', message: `${name} failed unexpectedly.` };
    }
    const durationMs = Math.round(performance.now() - started);
    const result = toCallToolResult(name, outcome);
    await this.record(viewer, {
      actorUserId: viewer.userId,
      actorApiKeyId: viewer.apiKeyId,
      input: name,
      toolCalls: [recordedCall(name, ranWith, outcome, durationMs)],
      reply: replyOf(result, outcome),
      status: runStatusOf(outcome),
      error: outcome.status === 'error' ? `${outcome.code}: ${outcome.message}` : null,
      toolsMs: durationMs,
      totalMs: Math.round(performance.now() - started),
    });
    return result;
  }

  private async record(viewer: Viewer, run: McpRunRecord): Promise<void> {
    if (!this.dependencies.record) return;
    try {
      await this.dependencies.record(viewer, run);
    } catch (error) {
      this.logger.error(
        { err: error, organizationId: viewer.organizationId },
        'could not record an MCP tool call',
      );
    }
  }
}
