import { OutboundRefusedError, OutboundRequestError } from '@/common/outbound/outbound-guard';
import type { StepOutcome } from '../action-executor';

type Failure = Extract<StepOutcome, { ok: false }>;

/** The longest Retry-After honoured; a longer one is capped (the run's back-off takes over). */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds (`120`) or
 * an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`; a past date is 0). Absent or
 * unreadable: undefined. Capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(
  value: string | string[] | null | undefined,
  now: Date = new Date(),
): number | undefined {
  const header = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!header) return undefined;
  let ms: number;
  if (/^\d+$/.test(header)) {
    ms = Number(header) * 1000;
  } else {
    const at = Date.parse(header);
    if (Number.isNaN(at) || !/[A-Za-z]/.test(header)) return undefined;
    ms = Math.max(0, at - now.getTime());
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** Whether a receiver's HTTP status is worth another attempt: 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A non-2xx answer as a step failure: retryable for 408, 429 and 5xx (with
 * the Retry-After delay when given), final for any other status. `what`
 * names the receiver without its secret path (an origin, "Slack").
 */
export function httpFailure(
  what: string,
  status: number,
  retryAfter: string | string[] | null | undefined,
  body: string,
  now: Date = new Date(),
): Failure {
  const retryable = isRetryableStatus(status);
  const retryAfterMs = retryable ? parseRetryAfter(retryAfter, now) : undefined;
  const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return {
    ok: false,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    error: `${what} answered ${status}${excerpt ? `: ${excerpt}` : ''}${
      retryable ? '' : ' (not retried)'
    }`,
  };
}

/**
 * A request that got no usable answer: refused by the outbound guard (a bad
 * scheme or address, a redirect — final), or failed on the way (network,
 * timeouts — retryable; a body over the size cap — final, the receiver did
 * answer). Anything else counts as a network failure (retryable).
 */
export function requestFailure(error: unknown): Failure {
  if (error instanceof OutboundRefusedError) {
    return { ok: false, retryable: false, error: `refused: ${error.message}` };
  }
  if (error instanceof OutboundRequestError) {
    return { ok: false, retryable: error.reason !== 'too-large', error: error.message };
  }
  return {
    ok: false,
    retryable: true,
    error: error instanceof Error ? error.message : String(error),
  };
}
