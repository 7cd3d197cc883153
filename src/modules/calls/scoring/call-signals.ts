import Sentiment from 'sentiment';
import { Speaker } from '../calls.enums';
import { CallMetrics, Segment } from './call-metrics';

const afinn = new Sentiment();

const clamp = (value: number): number => Math.min(1, Math.max(0, value));
const round = (value: number): number => Math.round(value * 100) / 100;

/** Call-level signals, each 0..1 (1 best), and the figures behind them. */
export interface CallSignals {
  /** AFINN-165 score of the customer's first two and last two turns. */
  customerStart: number;
  customerEnd: number;
  /** 0.5 + 0.07 × end + 0.03 × (end − start), clamped. */
  sentiment: number;
  /** 1 when agentTalkRatio is 0.3–0.75, falling to 0 at 0 and 0.95. */
  balance: number;
  /** 1 − 0.2 per interruption. */
  interruptions: number;
  /** 1 up to a 40 s monologue, 0 from 120 s. */
  monologue: number;
  /** The weighted mean of the above with the agent's conduct (see builtin-judge.ts). */
  quality: number;
}

/** The AFINN-165 sentiment score of some text (sum over its words; negation-aware for "not"). */
export const sentimentOf = (text: string): number => afinn.analyze(text).score;

/**
 * The transcript's call-level signals: the customer's sentiment at the start
 * against the end, talk balance, interruptions and the longest monologue.
 * `conduct` (0..1, from blame, dismissive language, profanity and a
 * customer's request for a manager) is weighed in by the caller.
 */
export function callSignals(
  segments: readonly Segment[],
  metrics: CallMetrics,
  conduct: number,
): CallSignals {
  const customer = segments.filter((segment) => segment.speaker === Speaker.CUSTOMER);
  const first = customer.slice(0, 2);
  const last = customer.length > 2 ? customer.slice(-2) : customer.slice(-1);
  const customerStart = sentimentOf(first.map((segment) => segment.text).join(' '));
  const customerEnd = sentimentOf(last.map((segment) => segment.text).join(' '));
  const sentiment = clamp(0.5 + 0.07 * customerEnd + 0.03 * (customerEnd - customerStart));
  const ratio = metrics.agentTalkRatio;
  const balance =
    ratio >= 0.3 && ratio <= 0.75
      ? 1
      : ratio < 0.3
        ? clamp(ratio / 0.3)
        : clamp((0.95 - ratio) / 0.2);
  const interruptions = clamp(1 - 0.2 * metrics.interruptions);
  const monologue = clamp((120 - metrics.longestMonologueSec) / 80);
  const quality =
    0.35 * conduct + 0.3 * sentiment + 0.1 * balance + 0.15 * interruptions + 0.1 * monologue;
  return {
    customerStart,
    customerEnd,
    sentiment: round(sentiment),
    balance: round(balance),
    interruptions: round(interruptions),
    monologue: round(monologue),
    quality: round(quality),
  };
}
