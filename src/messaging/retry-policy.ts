import { BackoffStrategy, JobsOptions } from 'bullmq';
import { QueueName } from './queue-names';

/**
 * Retry budgets: how long a queue's job keeps trying before it fails for
 * good. The budget has to outlast a real outage — a PostgreSQL failover
 * takes minutes, and a provider answering 429 says how long to wait — so a
 * job backs off exponentially from `baseDelayMs`, each wait capped at
 * MAX_BACKOFF_MS, and never retries sooner than the provider's Retry-After
 * (itself capped at MAX_RETRY_AFTER_MS). With the defaults (15 attempts,
 * 1 s base) the waits are 1, 2, 4 … 64 s, then 2 min each: about 16 minutes
 * in all.
 *
 * The outbox relay adds every job with `jobRetryOptions(queue, budgets)`
 * (through `queuedJobOptions`, with its priority); every processor
 * registers `retryBudgetBackoff` as its worker's backoff strategy
 * (`@Processor(queue, RETRY_BUDGET_WORKER_OPTIONS)`), which BullMQ calls
 * for the `retry-budget` backoff type.
 */

/** BullMQ backoff type of the retry budget (a custom strategy). */
export const RETRY_BUDGET_BACKOFF = 'retry-budget';

/** Longest wait between two attempts, unless the provider asked for longer. */
export const MAX_BACKOFF_MS = 120_000;

/** Longest Retry-After honoured; a provider asking for more gets this. */
export const MAX_RETRY_AFTER_MS = 600_000;

/** The configured budgets (queueConfig().retries). */
export interface RetryBudgets {
  /** Attempts of a job on a queue without a budget of its own. */
  attempts: number;
  /** First wait, in ms; doubled per attempt up to MAX_BACKOFF_MS. */
  baseDelayMs: number;
  /** Queues whose attempts differ (call-scoring: CALL_SCORING_MAX_ATTEMPTS). */
  attemptsByQueue: Partial<Record<QueueName, number>>;
}

/** An error that says when trying again may succeed (a provider's Retry-After). */
export interface RetryAfterError extends Error {
  /** Milliseconds to wait before the next attempt. */
  retryAfterMs?: number;
}

/**
 * A Retry-After header's value in ms: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attemptsMade + 1`: exponential from `baseDelayMs`
 * with a cap, never shorter than the error's Retry-After (capped too).
 */
export function retryDelayMs(
  attemptsMade: number,
  baseDelayMs: number,
  error?: Partial<RetryAfterError>,
): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const backoff = Math.min(baseDelayMs * 2 ** Math.min(exponent, 30), MAX_BACKOFF_MS);
  const asked = error?.retryAfterMs;
  if (typeof asked !== 'number' || !Number.isFinite(asked) || asked <= 0) return backoff;
  return Math.max(backoff, Math.min(asked, MAX_RETRY_AFTER_MS));
}

/** BullMQ's custom backoff strategy for the `retry-budget` type (the job's `backoff.delay` is the base). */
export const retryBudgetBackoff: BackoffStrategy = (attemptsMade, type, error, job) => {
  if (type !== RETRY_BUDGET_BACKOFF) {
    throw new Error(`unknown backoff type "${type}"`);
  }
  const base = job?.opts.backoff;
  const baseDelayMs = typeof base === 'object' && base.delay ? base.delay : 1000;
  return retryDelayMs(attemptsMade, baseDelayMs, error);
};

/** Worker options every processor passes to @Processor, so its queue's jobs use their budget. */
export const RETRY_BUDGET_WORKER_OPTIONS = {
  settings: { backoffStrategy: retryBudgetBackoff },
} as const;

/** The attempts and backoff of a job on `queue` (the relay adds each job with these). */
export function jobRetryOptions(
  queue: string,
  budgets: RetryBudgets,
): Pick<JobsOptions, 'attempts' | 'backoff'> {
  const attempts = budgets.attemptsByQueue[queue as QueueName] ?? budgets.attempts;
  return { attempts, backoff: { type: RETRY_BUDGET_BACKOFF, delay: budgets.baseDelayMs } };
}
