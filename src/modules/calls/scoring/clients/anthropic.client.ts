import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { anthropicConfig } from '@/config/configuration';
import { parseRetryAfter, RetryAfterError } from '@/messaging/retry-policy';

/**
 * A provider failure, saying whether trying again later may help (429, 5xx,
 * network) and, when the provider said so (Retry-After), how long to wait:
 * the queue's retry budget waits at least that long (retry-policy.ts).
 */
export class ProviderError extends Error implements RetryAfterError {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
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
          retryable ? retryAfterOf(error.headers as Headers | undefined) : undefined,
        );
      }
      throw error;
    }
  }
}

/** Anthropic's wait hint: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
function retryAfterOf(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  return parseRetryAfter(headers?.get('retry-after'));
}
