import type Anthropic from '@anthropic-ai/sdk';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { performance } from 'node:perf_hooks';
import { assistantConfig } from '@/config/configuration';
import type {
  Planner,
  PlannerResult,
  PlannerTurn,
  PlannerUsage,
  ToolOutcome,
} from '../../assistant-types';
import {
  AnthropicAssistantClient,
  AssistantModelError,
} from '../../clients/anthropic-assistant.client';
import { historyMessages, remember } from './claude-memory';
import { callerContext, CLAUDE_RULES } from './claude-prompt';

/** Longest tool output sent back to the model; a long list is cut rather than billed in full. */
const MAX_TOOL_RESULT_CHARS = 16_000;

export const CLAUDE_TEXTS = {
  unavailable:
    'The assistant is unavailable right now because the language model did not answer. Please try again in a moment.',
  timedOut: 'That took too long, so I stopped.',
  roundTrips: (limit: number) =>
    `I stopped after ${limit} steps without finishing. Please ask for something more specific.`,
  toolCalls: (limit: number) =>
    `I stopped because this request needed more than ${limit} tool calls. Please ask for something smaller.`,
  repeated: (name: string) =>
    `I stopped because I was about to repeat the same step (${name}) with the same input, which would not get any further. Please rephrase the request.`,
  refused: "I can't help with that.",
  empty: "I don't have an answer to that.",
  truncated: 'My answer was cut off. Please ask again more narrowly.',
  didSomething: (count: number) =>
    ` ${count} tool call${count === 1 ? '' : 's'} had already run; check the result before asking again.`,
};

/** JSON with object keys sorted at every level, so equal inputs compare equal as strings. */
export function canonicalJson(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item && typeof item === 'object') {
      return Object.fromEntries(
        Object.keys(item as Record<string, unknown>)
          .sort()
          .map((key) => [key, sort((item as Record<string, unknown>)[key])]),
      );
    }
    return item;
  };
  return JSON.stringify(sort(value ?? null));
}

function toolResultContent(outcome: ToolOutcome): Anthropic.ToolResultBlockParam['content'] {
  switch (outcome.status) {
    case 'ok': {
      const json = JSON.stringify(outcome.output ?? null);
      return json.length > MAX_TOOL_RESULT_CHARS
        ? `${json.slice(0, MAX_TOOL_RESULT_CHARS)} … (cut: the result was longer; narrow the query)`
        : json;
    }
    case 'error':
      return `${outcome.code}: ${outcome.message}`;
    case 'needs_confirmation':
      return (
        `Not run yet: this action needs the user's confirmation, and the server will ask them: ` +
        `"${outcome.summary}" Stop now, call no more tools, and relay that question to the user.`
      );
  }
}

/**
 * The Claude planner: a tool-use loop over the tools the caller may use.
 * Each model answer's tool calls run at once (they are independent by the
 * API's contract) through `turn.call`, so validation, permissions and
 * confirmation stay in code; the results go back in one user message. The
 * loop is bounded by model round trips, tool calls, wall time and a repeated
 * identical call, and provider trouble ends the turn FAILED, never thrown.
 */
@Injectable()
export class ClaudePlanner implements Planner {
  private readonly logger = new Logger(ClaudePlanner.name);

  constructor(
    private readonly client: AnthropicAssistantClient,
    @Inject(assistantConfig.KEY) private readonly config: ConfigType<typeof assistantConfig>,
  ) {}

  get name(): string {
    return `claude:${this.client.model}`;
  }

  async plan(turn: PlannerTurn): Promise<PlannerResult> {
    // The engine aborts turn.signal at ASSISTANT_TURN_TIMEOUT_MS; stopping a
    // little earlier on our own lets the turn end FAILED with its usage
    // recorded rather than being cut off by the engine without it. (A plain
    // controller and timer: AbortSignal.any over AbortSignal.timeout was seen
    // never to fire under jest on Node 20.)
    const deadlineMs = this.config.turnTimeoutMs - Math.min(1_000, this.config.turnTimeoutMs / 10);
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    const timer = setTimeout(abort, deadlineMs);
    if (turn.signal.aborted) abort();
    turn.signal.addEventListener('abort', abort, { once: true });
    try {
      return await this.loop(turn, controller.signal);
    } finally {
      clearTimeout(timer);
      turn.signal.removeEventListener('abort', abort);
    }
  }

  private async loop(turn: PlannerTurn, signal: AbortSignal): Promise<PlannerResult> {
    const usage: PlannerUsage = {
      planningMs: 0,
      roundTrips: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    };
    const finish = (status: PlannerResult['status'], text: string): PlannerResult => {
      remember(turn.memory, { user: turn.text, assistant: text });
      return { status, text, usage };
    };

    const system: Anthropic.TextBlockParam[] = [
      { type: 'text', text: CLAUDE_RULES, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: callerContext(turn, turn.callerName) },
    ];
    const tools: Anthropic.Tool[] = turn.tools.map((tool, index) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
      ...(index === turn.tools.length - 1 ? { cache_control: { type: 'ephemeral' as const } } : {}),
    }));
    const messages: Anthropic.MessageParam[] = [
      ...historyMessages(turn.memory),
      { role: 'user', content: turn.text },
    ];
    const seenCalls = new Set<string>();
    let toolCalls = 0;
    const stopped = (text: string): PlannerResult =>
      finish('FAILED', toolCalls > 0 ? text + CLAUDE_TEXTS.didSomething(toolCalls) : text);

    while (usage.roundTrips < this.config.maxRoundTrips) {
      if (signal.aborted) return stopped(CLAUDE_TEXTS.timedOut);
      let response: Anthropic.Message;
      const started = performance.now();
      try {
        usage.roundTrips += 1;
        response = await this.client.createMessage(
          { system, messages, ...(tools.length > 0 ? { tools } : {}) },
          signal,
        );
      } catch (error) {
        if (!(error instanceof AssistantModelError)) throw error;
        this.logger.warn(`Claude request failed: ${error.message}`);
        return stopped(
          error.reason === 'aborted' ? CLAUDE_TEXTS.timedOut : CLAUDE_TEXTS.unavailable,
        );
      } finally {
        usage.planningMs += performance.now() - started;
      }
      addUsage(usage, response.usage);
      messages.push({ role: 'assistant', content: response.content });

      const text = response.content
        .flatMap((block) => (block.type === 'text' ? [block.text] : []))
        .join('\n')
        .trim();
      if (response.stop_reason === 'refusal')
        return finish('REFUSED', text || CLAUDE_TEXTS.refused);
      const uses = response.content.filter(
        (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
      );
      if (response.stop_reason !== 'tool_use' || uses.length === 0) {
        if (response.stop_reason === 'max_tokens' && !text) return stopped(CLAUDE_TEXTS.truncated);
        if (!text)
          return finish(
            toolCalls > 0 ? 'COMPLETED' : 'FAILED',
            toolCalls > 0 ? 'Done.' : CLAUDE_TEXTS.empty,
          );
        const clarifying = toolCalls === 0 && text.endsWith('?');
        return finish(clarifying ? 'NEEDS_CLARIFICATION' : 'COMPLETED', text);
      }

      // The model asked for tools. Check the limits before running any of them.
      if (usage.roundTrips >= this.config.maxRoundTrips) {
        return stopped(CLAUDE_TEXTS.roundTrips(this.config.maxRoundTrips));
      }
      if (toolCalls + uses.length > this.config.maxToolCalls) {
        return stopped(CLAUDE_TEXTS.toolCalls(this.config.maxToolCalls));
      }
      for (const use of uses) {
        const key = `${use.name}\u0000${canonicalJson(use.input)}`;
        if (seenCalls.has(key)) return stopped(CLAUDE_TEXTS.repeated(use.name));
        seenCalls.add(key);
      }
      toolCalls += uses.length;
      const outcomes = await Promise.all(uses.map((use) => turn.call(use.name, use.input)));
      messages.push({
        role: 'user',
        content: uses.map((use, index): Anthropic.ToolResultBlockParam => ({
          type: 'tool_result',
          tool_use_id: use.id,
          content: toolResultContent(outcomes[index]),
          ...(outcomes[index].status === 'error' ? { is_error: true } : {}),
        })),
      });
      // Confirmation is the server's question, not the model's: ask it now,
      // without another model request that could talk around it.
      const confirmation = outcomes.find(
        (outcome): outcome is Extract<ToolOutcome, { status: 'needs_confirmation' }> =>
          outcome.status === 'needs_confirmation',
      );
      if (confirmation) return finish('NEEDS_CONFIRMATION', confirmation.summary);
    }
    return stopped(CLAUDE_TEXTS.roundTrips(this.config.maxRoundTrips));
  }
}

function addUsage(usage: PlannerUsage, figures: Anthropic.Usage): void {
  usage.inputTokens += figures.input_tokens ?? 0;
  usage.outputTokens += figures.output_tokens ?? 0;
  usage.cacheReadTokens += figures.cache_read_input_tokens ?? 0;
  usage.cacheWriteTokens += figures.cache_creation_input_tokens ?? 0;
}
