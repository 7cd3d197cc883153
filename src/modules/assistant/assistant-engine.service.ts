import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AssistantChannel, Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { appConfig, assistantConfig } from '@/config/configuration';
import { UsersService } from '@/modules/users/users.service';
import { AgentRunsService } from './agent-runs.service';
import {
  confirmationAnswer,
  confirmedReply,
  recordedCall,
  rememberTouched,
} from './assistant-replies';
import {
  AssistantStatus,
  ConversationMemory,
  Planner,
  PLANNER,
  PlannerResult,
  PlannerUsage,
  RecordedToolCall,
  ToolContext,
  ToolOutcome,
} from './assistant-types';
import { ConfirmationService } from './confirmation.service';
import { ConversationRepository } from './conversation.repository';
import { ToolGate } from './tool-gate.service';
import { TOOL_OFFER, ToolOffer } from './tools/tool-definition';

export interface AssistantRequest {
  text: string;
  channel: AssistantChannel;
  conversationId?: string | null;
  /** A confirmation token from an earlier reply. */
  confirm?: string | null;
  /** The turn's clock; honoured only outside production. */
  now?: Date | null;
}

export interface AssistantTurn {
  runId: string;
  conversationId: string;
  status: AssistantStatus;
  text: string;
  planner: string;
  toolCalls: RecordedToolCall[];
  latencyMs: number;
  confirmation: { token: string; summary: string; expiresAt: Date } | null;
}

const NO_USAGE: PlannerUsage = {
  planningMs: 0,
  roundTrips: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

class TurnTimeout extends Error {}

/**
 * One assistant turn, whatever the door: finds the conversation, settles a
 * pending confirmation (an explicit yes runs it, an explicit no drops it,
 * anything else is a new request), otherwise hands the text to the planner
 * with the tools the caller's role allows, runs every tool call through the
 * gate, and records the turn as an AgentRun.
 */
@Injectable()
export class AssistantEngine {
  private readonly logger = new Logger(AssistantEngine.name);

  constructor(
    private readonly gate: ToolGate,
    private readonly confirmations: ConfirmationService,
    private readonly conversations: ConversationRepository,
    private readonly runs: AgentRunsService,
    private readonly users: UsersService,
    @Inject(TOOL_OFFER) private readonly offer: ToolOffer,
    @Inject(PLANNER) private readonly planner: Planner,
    @Inject(assistantConfig.KEY) private readonly config: ConfigType<typeof assistantConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async ask(caller: Viewer, request: AssistantRequest): Promise<AssistantTurn> {
    const started = performance.now();
    const viewer: Viewer = { ...caller, channel: request.channel };
    const now = request.now && !this.app.production ? request.now : new Date();
    // Independent reads, at once.
    // The caller's name and time zone are read once here for the whole turn.
    const [profile, conversation] = await Promise.all([
      this.users.profileOf(viewer.userId),
      this.conversation(viewer, request),
    ]);
    const context: ToolContext = { viewer, now, timeZone: profile.timeZone };
    const memory = conversation.memory;
    const toolCalls: RecordedToolCall[] = [];
    let toolsMs = 0;
    let confirmation: AssistantTurn['confirmation'] = null;

    const call = async (name: string, input: unknown, token?: string): Promise<ToolOutcome> => {
      if (toolCalls.length >= this.config.maxToolCalls) {
        return {
          status: 'error',
          code: 'RATE_LIMITED',
          message: `This turn already made ${this.config.maxToolCalls} tool calls; ask again in smaller steps.`,
        };
      }
      const callStarted = performance.now();
      const result = await this.gate.call(context, name, input, { confirmationToken: token });
      const durationMs = Math.round(performance.now() - callStarted);
      toolsMs += durationMs;
      const { outcome } = result;
      const recorded = recordedCall(name, result.input, outcome, durationMs);
      toolCalls.push(recorded);
      rememberTouched(memory, recorded);
      if (outcome.status === 'needs_confirmation') {
        confirmation = {
          token: outcome.token,
          summary: outcome.summary,
          expiresAt: outcome.expiresAt,
        };
        memory.pendingConfirmation = {
          token: outcome.token,
          tool: name,
          input: result.input,
          summary: outcome.summary,
          expiresAt: outcome.expiresAt.toISOString(),
        };
      }
      return outcome;
    };

    let result: PlannerResult;
    let plannerName = this.planner.name;
    let error: string | null = null;
    const pending = memory.pendingConfirmation;
    delete memory.pendingConfirmation;
    const answer = pending ? this.answers(request.text, pending) : null;
    try {
      const token = request.confirm ?? (answer === 'yes' ? pending!.token : null);
      if (token) {
        plannerName = 'confirmation';
        result = await this.runConfirmed(viewer, token, call);
      } else if (answer === 'expired') {
        plannerName = 'confirmation';
        result = {
          status: 'FAILED',
          text: 'That question expired, so I did nothing. Please ask again.',
          usage: NO_USAGE,
        };
      } else if (answer === 'no') {
        plannerName = 'confirmation';
        result = { status: 'COMPLETED', text: "Okay, I won't do that.", usage: NO_USAGE };
      } else {
        result = await this.plan(request.text, context, profile.name, memory, call);
      }
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      if (!(failure instanceof TurnTimeout)) {
        this.logger.error(
          { err: failure, organizationId: viewer.organizationId },
          'assistant turn failed',
        );
      }
      result = {
        status: 'FAILED',
        text:
          failure instanceof TurnTimeout
            ? 'Sorry, that took too long. Please try again.'
            : 'Sorry, something went wrong on my side. Nothing else was changed.',
        usage: NO_USAGE,
      };
    }
    // A destructive call that asked for confirmation this turn is what the
    // caller must answer next, whatever the planner made of it.
    const asked = confirmation as AssistantTurn['confirmation'];
    if (asked && (result.status === 'COMPLETED' || result.status === 'NEEDS_CONFIRMATION')) {
      result = {
        ...result,
        status: 'NEEDS_CONFIRMATION',
        text: result.text.includes(asked.summary) ? result.text : `${asked.summary} (yes or no)`,
      };
    } else {
      confirmation = null;
      delete memory.pendingConfirmation;
    }
    if (conversation.isNew) {
      await this.conversations.insertWithMemory(viewer, conversation.id, request.channel, memory);
    } else {
      await this.conversations.saveMemory(viewer.organizationId, conversation.id, memory);
    }
    const latencyMs = Math.round(performance.now() - started);
    const run = await this.runs.record(viewer, {
      conversationId: conversation.id,
      actorUserId: viewer.userId,
      actorApiKeyId: viewer.apiKeyId,
      channel: request.channel,
      input: request.text,
      planner: plannerName,
      toolCalls,
      reply: result.text,
      status: result.status,
      error,
      planningMs: Math.round(result.usage.planningMs),
      toolsMs,
      totalMs: latencyMs,
      modelRoundTrips: result.usage.roundTrips,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      cacheReadTokens: result.usage.cacheReadTokens,
      cacheWriteTokens: result.usage.cacheWriteTokens,
    });
    return {
      runId: run.id,
      conversationId: conversation.id,
      status: result.status,
      text: result.text,
      planner: plannerName,
      toolCalls,
      latencyMs,
      confirmation,
    };
  }

  /** An explicit yes or no only counts while the question is still answerable. */
  private answers(
    text: string,
    pending: NonNullable<ConversationMemory['pendingConfirmation']>,
  ): 'yes' | 'no' | 'expired' | null {
    const answer = confirmationAnswer(text);
    if (answer && Date.parse(pending.expiresAt) <= Date.now()) return 'expired';
    return answer;
  }

  private async runConfirmed(
    viewer: Viewer,
    token: string,
    call: (name: string, input: unknown, token?: string) => Promise<ToolOutcome>,
  ): Promise<PlannerResult> {
    const minted = await this.confirmations.peek(viewer, token);
    if (!minted) {
      return {
        status: 'REFUSED',
        text: 'That confirmation is not valid for you.',
        usage: NO_USAGE,
      };
    }
    const outcome = await call(minted.tool, minted.input, token);
    return {
      status:
        outcome.status === 'ok'
          ? 'COMPLETED'
          : outcome.status === 'error' && outcome.code === 'FORBIDDEN'
            ? 'REFUSED'
            : 'FAILED',
      text: confirmedReply(minted.summary, outcome),
      usage: NO_USAGE,
    };
  }

  private async plan(
    text: string,
    context: ToolContext,
    callerName: string | null,
    memory: ConversationMemory,
    call: (name: string, input: unknown) => Promise<ToolOutcome>,
  ): Promise<PlannerResult> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new TurnTimeout(`the turn took longer than ${this.config.turnTimeoutMs} ms`));
      }, this.config.turnTimeoutMs);
    });
    try {
      return await Promise.race([
        this.planner.plan({
          text,
          now: context.now,
          timeZone: context.timeZone,
          viewer: context.viewer,
          callerName,
          tools: this.offer.offeredTo(context.viewer),
          memory,
          call: (name, input) =>
            controller.signal.aborted
              ? Promise.resolve<ToolOutcome>({
                  status: 'error',
                  code: 'TIMEOUT',
                  message: 'The turn ran out of time.',
                })
              : call(name, input),
          signal: controller.signal,
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async conversation(
    viewer: Viewer,
    request: AssistantRequest,
  ): Promise<{ id: string; memory: ConversationMemory; isNew: boolean }> {
    if (request.conversationId) {
      const found = await this.conversations.findLive(
        viewer,
        request.conversationId,
        this.config.conversationTtlMinutes,
      );
      if (!found) throw new NotFoundError('Conversation', request.conversationId);
      return { ...found, isNew: false };
    }
    // Nothing reads a new conversation's row during its first turn, so it is
    // written once at the end, with its memory (saves a round trip per turn).
    return { id: randomUUID(), memory: {}, isNew: true };
  }
}
