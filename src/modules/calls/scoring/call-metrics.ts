import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Speaker } from '../calls.enums';

export interface Segment {
  speaker: Speaker;
  text: string;
  startSec: number;
  endSec: number;
}

/**
 * Conversation metrics of one transcript. Every figure is computed from the
 * segments alone, so the same transcript always gives the same metrics.
 */
@ObjectType('CallMetrics')
export class CallMetrics {
  @Field(() => Float, { description: "The agent's share of speaking time, 0..1." })
  agentTalkRatio: number;

  @Field(() => Float, { description: "The customer's share of speaking time, 0..1." })
  customerTalkRatio: number;

  @Field(() => Float, { description: 'Share of the call where nobody speaks, 0..1.' })
  silenceRatio: number;

  @Field(() => Float, { description: 'Longest stretch one speaker held the floor, in seconds.' })
  longestMonologueSec: number;

  @Field(() => Int, { description: 'Times a speaker started while the other was still talking.' })
  interruptions: number;

  @Field(() => Float)
  agentWordsPerMinute: number;

  @Field(() => Int, { description: 'Questions the agent asked (sentences ending in "?").' })
  questionsAsked: number;
}

export const METRIC_NAMES = [
  'agentTalkRatio',
  'customerTalkRatio',
  'silenceRatio',
  'longestMonologueSec',
  'interruptions',
  'agentWordsPerMinute',
  'questionsAsked',
] as const satisfies ReadonlyArray<keyof CallMetrics>;

export type MetricName = (typeof METRIC_NAMES)[number];

const round = (value: number, digits = 4): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Total length of the union of intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = -Infinity;
  let currentEnd = -Infinity;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/**
 * - talk ratios: each speaker's speaking time (overlapping segments of one
 *   speaker counted once) over both speakers' speaking time;
 * - silence: time covered by no segment over the call's length (`durationSec`
 *   when known and longer than the transcript, else the last segment's end);
 * - longest monologue: consecutive segments of one speaker, from the first's
 *   start to the last's end, broken by any segment of the other speaker;
 * - interruptions: segments that start before the other speaker's latest
 *   segment has ended;
 * - agent words per minute: agent words over agent speaking minutes;
 * - questions: "?"-terminated sentences in agent segments.
 */
export function computeMetrics(
  segments: readonly Segment[],
  durationSec?: number | null,
): CallMetrics {
  const ordered = [...segments].sort((a, b) => a.startSec - b.startSec || a.endSec - b.endSec);
  const intervals = (speaker?: Speaker) =>
    ordered
      .filter((segment) => !speaker || segment.speaker === speaker)
      .map((segment): [number, number] => [segment.startSec, segment.endSec]);
  const agentTalk = unionLength(intervals(Speaker.AGENT));
  const customerTalk = unionLength(intervals(Speaker.CUSTOMER));
  const speech = unionLength(intervals());
  const lastEnd = ordered.reduce((max, segment) => Math.max(max, segment.endSec), 0);
  const firstStart = ordered.length > 0 ? Math.min(0, ordered[0].startSec) : 0;
  const length = Math.max(durationSec ?? 0, lastEnd - firstStart);
  const talk = agentTalk + customerTalk;

  let longestMonologue = 0;
  let runSpeaker: Speaker | null = null;
  let runStart = 0;
  let runEnd = 0;
  let interruptions = 0;
  const lastEndOf: Record<Speaker, number> = {
    [Speaker.AGENT]: -Infinity,
    [Speaker.CUSTOMER]: -Infinity,
  };
  for (const segment of ordered) {
    const other = segment.speaker === Speaker.AGENT ? Speaker.CUSTOMER : Speaker.AGENT;
    if (segment.startSec < lastEndOf[other]) interruptions += 1;
    lastEndOf[segment.speaker] = Math.max(lastEndOf[segment.speaker], segment.endSec);
    if (segment.speaker === runSpeaker) {
      runEnd = Math.max(runEnd, segment.endSec);
    } else {
      runSpeaker = segment.speaker;
      runStart = segment.startSec;
      runEnd = segment.endSec;
    }
    longestMonologue = Math.max(longestMonologue, runEnd - runStart);
  }

  const agentText = ordered.filter((segment) => segment.speaker === Speaker.AGENT);
  const agentWords = agentText.reduce((sum, segment) => sum + wordCount(segment.text), 0);
  const questions = agentText.reduce(
    (sum, segment) => sum + (segment.text.match(/\?+/g)?.length ?? 0),
    0,
  );
  return {
    agentTalkRatio: talk > 0 ? round(agentTalk / talk) : 0,
    customerTalkRatio: talk > 0 ? round(customerTalk / talk) : 0,
    silenceRatio: length > 0 ? round(Math.max(0, length - speech) / length) : 0,
    longestMonologueSec: round(longestMonologue, 2),
    interruptions,
    agentWordsPerMinute: agentTalk > 0 ? round(agentWords / (agentTalk / 60), 2) : 0,
    questionsAsked: questions,
  };
}
