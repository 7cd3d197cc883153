import type { AssistantChannel, Viewer } from '@/access/viewer';
import type { ErrorCode } from '@/common/errors/domain-errors';

export type { AssistantChannel };

export type AssistantStatus =
  'COMPLETED' | 'NEEDS_CONFIRMATION' | 'NEEDS_CLARIFICATION' | 'REFUSED' | 'FAILED';

/** What every tool handler receives: the caller's own viewer (with its channel) and clock. */
export interface ToolContext {
  viewer: Viewer;
  /** The turn's clock (pinned by `now` outside production). */
  now: Date;
  /** The caller's IANA time zone (their profile's), never the host's. */
  timeZone: string;
}

/** A tool as offered to a planner or an MCP client: JSON Schema input and annotations. */
export interface ToolDescriptor {
  name: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the input object. */
  inputSchema: Record<string, unknown>;
  readOnly: boolean;
  /** Destructive tools run only after a confirmation (ConfirmationService). */
  destructive: boolean;
}

/** The result of one tool call through the gate (ToolGate.call). Never throws for a caller's mistake. */
export type ToolOutcome =
  | { status: 'ok'; output: unknown }
  | {
      status: 'needs_confirmation';
      /** One sentence naming what would happen, e.g. `Delete the task "Order tires"?` */
      summary: string;
      /** Server-minted, single use, bound to user, tool and input; expires after 2 minutes. */
      token: string;
      expiresAt: Date;
    }
  | { status: 'error'; code: ErrorCode | 'UNKNOWN_TOOL'; message: string };

/** One tool call as recorded on the AgentRun and returned in AssistantReply.toolCalls. */
export interface RecordedToolCall {
  name: string;
  /** Exactly the input the tool ran with (after validation/defaults). */
  input: Record<string, unknown>;
  outcome: ToolOutcome['status'];
  output: unknown;
  error: string | null;
  durationMs: number;
}

/**
 * What the engine keeps per conversation between turns (JSON, stored in
 * assistant_conversation.memory). Planners may keep their own state under
 * their key; the engine owns `pendingConfirmation`.
 */
export interface ConversationMemory {
  /** The task, event, vehicle or call the conversation last touched ("make it urgent"). */
  lastTaskId?: string;
  lastEventId?: string;
  lastVehicleId?: string;
  lastCallId?: string;
  pendingConfirmation?: {
    token: string;
    tool: string;
    input: Record<string, unknown>;
    summary: string;
    expiresAt: string;
  };
  /** Built-in planner's own state (pending clarification etc.), opaque to the engine. */
  builtin?: Record<string, unknown>;
  /** Claude planner's own state (bounded message history), opaque to the engine. */
  claude?: Record<string, unknown>;
}

/** Token and timing figures a planner reports for the AgentRun. */
export interface PlannerUsage {
  /** Time spent in the model (or parsing, for the built-in planner). */
  planningMs: number;
  roundTrips: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface PlannerTurn {
  text: string;
  now: Date;
  timeZone: string;
  viewer: Viewer;
  /** The caller's name (read once per turn by the engine); null for an API key. */
  callerName: string | null;
  /** The tools this caller's role may use (already filtered). */
  tools: ToolDescriptor[];
  /** Mutable: the planner updates it; the engine saves it after the turn. */
  memory: ConversationMemory;
  /**
   * Runs a tool through the gate (validation, permission check again,
   * confirmation for destructive tools) and records it on the run.
   */
  call(name: string, input: unknown): Promise<ToolOutcome>;
  /** Aborted when the turn's wall-time limit passes. */
  signal: AbortSignal;
}

export interface PlannerResult {
  status: AssistantStatus;
  /** What the assistant says back (plain text, speakable). */
  text: string;
  usage: PlannerUsage;
}

export interface Planner {
  /** `builtin` or `claude:<model>`. */
  readonly name: string;
  plan(turn: PlannerTurn): Promise<PlannerResult>;
}

export const PLANNER = Symbol('PLANNER');
