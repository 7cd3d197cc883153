import Anthropic, { APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { anthropicConfig, assistantConfig } from '@/config/configuration';

/**
 * Retries of one model request inside the SDK (429, 529, 5xx, connection
 * errors, with its backoff and the provider's Retry-After). Unlike scoring,
 * which retries through its queue, a person is waiting here; the turn's wall
 * time still bounds the whole thing because the signal aborts the retries too.
 */
const ASSISTANT_MAX_RETRIES = 2;

/** Why a model request gave nothing: the provider failed, or the turn's time ran out. */
export class AssistantModelError extends Error {
  constructor(
    message: string,
    readonly reason: 'unavailable' | 'aborted',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AssistantModelError';
  }
}

export type AssistantMessageParams = Omit<
  Anthropic.MessageCreateParamsNonStreaming,
  'model' | 'max_tokens' | 'stream'
>;

/**
 * The only place the assistant talks to Anthropic: the official SDK with the
 * same key, base URL (tests point it at a local fake) and request timeout as
 * scoring, and the assistant's own model and output budget. Every request is
 * aborted with the turn's signal; provider failures come back as
 * AssistantModelError so the planner answers FAILED instead of throwing.
 */
@Injectable()
export class AnthropicAssistantClient {
  private readonly client: Anthropic | null;

  constructor(
    @Inject(anthropicConfig.KEY) anthropic: ConfigType<typeof anthropicConfig>,
    @Inject(assistantConfig.KEY) private readonly assistant: ConfigType<typeof assistantConfig>,
  ) {
    this.client = anthropic.apiKey
      ? new Anthropic({
          apiKey: anthropic.apiKey,
          baseURL: anthropic.baseUrl ?? undefined,
          maxRetries: ASSISTANT_MAX_RETRIES,
          timeout: anthropic.timeoutMs,
        })
      : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  get model(): string {
    return this.assistant.model;
  }

  async createMessage(
    params: AssistantMessageParams,
    signal: AbortSignal,
  ): Promise<Anthropic.Message> {
    if (!this.client) throw new AssistantModelError('ANTHROPIC_API_KEY is not set', 'unavailable');
    if (signal.aborted) throw new AssistantModelError('The turn ran out of time', 'aborted');
    try {
      return await this.client.messages.create(
        { ...params, model: this.assistant.model, max_tokens: this.assistant.maxTokens },
        { signal },
      );
    } catch (error) {
      // The SDK reports an abort as APIUserAbortError; a plain AbortError can escape from fetch.
      if (error instanceof APIUserAbortError || signal.aborted) {
        throw new AssistantModelError('The turn ran out of time', 'aborted');
      }
      if (error instanceof APIError) {
        const status = error.status as number | undefined;
        throw new AssistantModelError(
          `Anthropic API ${status ?? 'connection'} error: ${error.message}`,
          'unavailable',
          status,
        );
      }
      throw error;
    }
  }
}
