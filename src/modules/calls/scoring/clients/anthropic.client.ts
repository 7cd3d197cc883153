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
    const client = this.required();
    return this.call(() => client.messages.create({ ...params, model: this.config.model }));
  }

  /**
   * Message Batches API: one batch of requests, each with our custom_id
   * (the model added to each). Half the price of the same requests sent
   * one by one; results within 24 hours.
   */
  createBatch(
    requests: ReadonlyArray<{
      customId: string;
      params: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model'>;
    }>,
  ): Promise<Anthropic.Messages.MessageBatch> {
    const client = this.required();
    return this.call(() =>
      client.messages.batches.create({
        requests: requests.map((request) => ({
          custom_id: request.customId,
          params: { ...request.params, model: this.config.model },
        })),
      }),
    );
  }

  retrieveBatch(id: string): Promise<Anthropic.Messages.MessageBatch> {
    const client = this.required();
    return this.call(() => client.messages.batches.retrieve(id));
  }

  /** An ended batch's results (the SDK reads its JSONL results_url), all of them. */
  batchResults(id: string): Promise<Anthropic.Messages.MessageBatchIndividualResponse[]> {
    const client = this.required();
    return this.call(async () => {
      const results: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
      for await (const result of await client.messages.batches.results(id)) results.push(result);
      return results;
    });
  }

  private required(): Anthropic {
    if (!this.client) throw new ProviderError('ANTHROPIC_API_KEY is not set', false);
    return this.client;
  }

  /** Runs one SDK request, its API errors turned into ProviderErrors. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
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

  /** Prices per model: the built-in table with ANTHROPIC_PRICES over it (pricing.ts). */
  get prices(): ConfigType<typeof anthropicConfig>['prices'] {
    return this.config.prices;
  }
}

/** Anthropic's wait hint: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
function retryAfterOf(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  return parseRetryAfter(headers?.get('retry-after'));
}
