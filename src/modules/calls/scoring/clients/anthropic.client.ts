import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { anthropicConfig } from '@/config/configuration';

/** A provider failure, saying whether trying again later may help (429, 5xx, network). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/**
 * The only place the calls module talks to Anthropic: the official SDK, with
 * the base URL from ANTHROPIC_BASE_URL (tests point it at a local fake). The
 * SDK's own retries are off: the scoring queue retries with backoff, so a
 * rate-limited job gives its worker slot back instead of sleeping in it.
 * Every request gives up after ANTHROPIC_TIMEOUT_MS, and the job retries.
 */
@Injectable()
export class AnthropicClient {
  private readonly client: Anthropic | null;

  constructor(
    @Inject(anthropicConfig.KEY) private readonly config: ConfigType<typeof anthropicConfig>,
  ) {
    this.client = config.apiKey
      ? new Anthropic({
          apiKey: config.apiKey,
          baseURL: config.baseUrl ?? undefined,
          maxRetries: 0,
          // A request past this is aborted (APIConnectionTimeoutError): retryable.
          timeout: config.timeoutMs,
        })
      : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  get model(): string {
    return this.config.model;
  }

  async createMessage(
    params: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model'>,
  ): Promise<Anthropic.Message> {
    if (!this.client) throw new ProviderError('ANTHROPIC_API_KEY is not set', false);
    try {
      return await this.client.messages.create({ ...params, model: this.config.model });
    } catch (error) {
      if (error instanceof APIError) {
        const status: number | undefined = error.status as number | undefined;
        const retryable = status === undefined || status === 429 || status === 408 || status >= 500;
        throw new ProviderError(
          `Anthropic API ${status ?? 'connection'} error: ${error.message}`,
          retryable,
          status,
        );
      }
      throw error;
    }
  }
}
