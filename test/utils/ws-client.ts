import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T> {
  /** Resolves with the next result, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<FormattedExecutionResult<T, unknown>>;
  /** Asserts nothing arrives for `ms`. */
  expectSilence(ms: number): Promise<void>;
  received: FormattedExecutionResult<T, unknown>[];
  /** Resolves when the server completes or errors the subscription. */
  ended: Promise<unknown>;
  unsubscribe(): void;
}

export function connect(url: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
  });
}

/** Subscribes and buffers results so that a test can await them one by one. */
export function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Subscription<T> {
  const received: FormattedExecutionResult<T, unknown>[] = [];
  const waiters: Array<(result: FormattedExecutionResult<T, unknown>) => void> = [];
  let consumed = 0;
  let endedResolve: (value: unknown) => void = () => undefined;
  const ended = new Promise((resolve) => (endedResolve = resolve));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        received.push(result);
        const waiter = waiters.shift();
        if (waiter) {
          consumed += 1;
          waiter(result);
        }
      },
      error: (error) => endedResolve(error),
      complete: () => endedResolve(undefined),
    },
  );
  return {
    received,
    ended,
    unsubscribe,
    next(timeoutMs = 10_000) {
      if (consumed < received.length) return Promise.resolve(received[consumed++]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no subscription result within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
    async expectSilence(ms) {
      const before = received.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (received.length !== before) {
        throw new Error(`expected no results, got ${JSON.stringify(received.slice(before))}`);
      }
    },
  };
}
