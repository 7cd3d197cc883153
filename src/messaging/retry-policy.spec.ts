import { Job } from 'bullmq';
import {
  jobRetryOptions,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  RETRY_BUDGET_BACKOFF,
  retryBudgetBackoff,
  retryDelayMs,
} from './retry-policy';

const budgets = { attempts: 15, baseDelayMs: 1000, attemptsByQueue: { 'call-scoring': 7 } };

function jobWith(delay: number): Job {
  return { opts: { backoff: { type: RETRY_BUDGET_BACKOFF, delay } } } as unknown as Job;
}

describe('retry policy', () => {
  it('backs off exponentially from the base delay, each wait capped at two minutes', () => {
    const waits = Array.from({ length: 14 }, (_, i) => retryDelayMs(i + 1, 1000));
    expect(waits.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000]);
    expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(1000, 1000)).toBe(MAX_BACKOFF_MS);
  });

  it('with the defaults, outlasts a PostgreSQL failover of 10 to 15 minutes', () => {
    const { attempts } = jobRetryOptions('notifications', budgets);
    let total = 0;
    for (let made = 1; made < attempts!; made += 1) total += retryDelayMs(made, 1000);
    expect(total).toBeGreaterThanOrEqual(15 * 60_000);
    expect(total).toBeLessThan(20 * 60_000);
  });

  it("waits at least a provider's Retry-After, up to ten minutes", () => {
    expect(retryDelayMs(1, 1000, { retryAfterMs: 30_000 })).toBe(30_000);
    // A shorter Retry-After than the back-off does not shorten it.
    expect(retryDelayMs(7, 1000, { retryAfterMs: 5000 })).toBe(64_000);
    expect(retryDelayMs(1, 1000, { retryAfterMs: 3 * 3600_000 })).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(2, 1000, { retryAfterMs: Number.NaN })).toBe(2000);
    expect(retryDelayMs(2, 1000, { retryAfterMs: -5 })).toBe(2000);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-12-06T05:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Dec 2026 05:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 04:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });

  it("is BullMQ's strategy for the retry-budget type, with the job's base delay and the error's Retry-After", () => {
    const error = Object.assign(new Error('429'), { retryAfterMs: 45_000 });
    expect(retryBudgetBackoff(3, RETRY_BUDGET_BACKOFF, new Error('x'), jobWith(500))).toBe(2000);
    expect(retryBudgetBackoff(1, RETRY_BUDGET_BACKOFF, error, jobWith(1000))).toBe(45_000);
    expect(() => retryBudgetBackoff(1, 'linear', new Error('x'), jobWith(1000))).toThrow(
      'unknown backoff type "linear"',
    );
  });

  it("gives each queue its attempts (call-scoring's own) and the retry-budget backoff", () => {
    expect(jobRetryOptions('call-scoring', budgets)).toEqual({
      attempts: 7,
      backoff: { type: RETRY_BUDGET_BACKOFF, delay: 1000 },
    });
    expect(jobRetryOptions('notifications', budgets)).toEqual({
      attempts: 15,
      backoff: { type: RETRY_BUDGET_BACKOFF, delay: 1000 },
    });
  });
});
