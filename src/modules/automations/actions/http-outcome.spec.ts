import { OutboundRefusedError, OutboundRequestError } from '@/common/outbound/outbound-guard';
import {
  MAX_RETRY_AFTER_MS,
  httpFailure,
  isRetryableStatus,
  parseRetryAfter,
  requestFailure,
} from './http-outcome';

const NOW = new Date('2026-12-07T02:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(['7', '9'], NOW)).toBe(7_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Mon, 07 Dec 2026 02:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads a past HTTP date as no wait', () => {
    expect(parseRetryAfter('Mon, 07 Dec 2026 01:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
  });

  it('caps a very long wait', () => {
    expect(parseRetryAfter(String(10 * 24 * 3600), NOW)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('httpFailure', () => {
  it('retries 408, 429 and 5xx only', () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      expect(isRetryableStatus(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 410, 413, 422]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });

  it('classifies 429 with Retry-After seconds as retryable after that delay', () => {
    expect(httpFailure('https://hooks.example.com', 429, '30', 'slow down', NOW)).toEqual({
      ok: false,
      retryable: true,
      retryAfterMs: 30_000,
      error: 'https://hooks.example.com answered 429: slow down',
    });
  });

  it('classifies 503 with a Retry-After date as retryable until that date', () => {
    const failure = httpFailure('Slack', 503, 'Mon, 07 Dec 2026 02:00:45 GMT', '', NOW);
    expect(failure).toMatchObject({ retryable: true, retryAfterMs: 45_000 });
  });

  it('classifies 400 as final, ignoring any Retry-After', () => {
    const failure = httpFailure('https://hooks.example.com', 400, '30', '{"error":"bad"}', NOW);
    expect(failure.retryable).toBe(false);
    expect(failure.retryAfterMs).toBeUndefined();
    expect(failure.error).toBe(
      'https://hooks.example.com answered 400: {"error":"bad"} (not retried)',
    );
  });

  it('keeps a short excerpt of the answer', () => {
    const failure = httpFailure('x', 500, null, 'a'.repeat(5000), NOW);
    expect(failure.error.length).toBeLessThan(240);
  });
});

describe('requestFailure', () => {
  it('never retries a refused destination', () => {
    const failure = requestFailure(
      new OutboundRefusedError('redirect', 'https://a.example answered 302'),
    );
    expect(failure).toEqual({
      ok: false,
      retryable: false,
      error: 'refused: https://a.example answered 302',
    });
  });

  it('retries network failures and timeouts, not an oversized answer', () => {
    expect(requestFailure(new OutboundRequestError('network', 'reset')).retryable).toBe(true);
    expect(requestFailure(new OutboundRequestError('timeout', 'slow')).retryable).toBe(true);
    expect(requestFailure(new OutboundRequestError('connect-timeout', 'slow')).retryable).toBe(
      true,
    );
    expect(requestFailure(new OutboundRequestError('too-large', 'big')).retryable).toBe(false);
    expect(requestFailure(new Error('socket hang up'))).toMatchObject({ retryable: true });
  });
});
