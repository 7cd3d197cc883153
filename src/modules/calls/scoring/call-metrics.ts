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

/**
 * The total length of a union of intervals, fed in order of start: an
 * interval starting after the current run's end closes the run.
 */
class UnionLength {
  total = 0;
  private start = -Infinity;
  private end = -Infinity;

  add(start: number, end: number): void {
    if (start > this.end) {
      if (this.end > this.start) this.total += this.end - this.start;
      this.start = start;
      this.end = end;
    } else if (end > this.end) {
      this.end = end;
    }
  }

  finish(): number {
    if (this.end > this.start) this.total += this.end - this.start;
    this.start = this.end = -Infinity;
    return this.total;
  }
}

const bySpan = (a: Segment, b: Segment): number => a.startSec - b.startSec || a.endSec - b.endSec;

/** The segments by start (then end): the array itself when already in that order, as usual. */
function inOrder(segments: readonly Segment[]): readonly Segment[] {
  for (let i = 1; i < segments.length; i += 1) {
    if (bySpan(segments[i - 1], segments[i]) > 0) return [...segments].sort(bySpan);
  }
  return segments;
}

/** What `\s` matches in a JavaScript regular expression. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

/**
 * Words (runs of non-space, as `/\S+/g` counts them) and questions (runs of
 * "?", as `/\?+/g` counts them) in one scan, without building the matches.
 */
function countWordsAndQuestions(text: string): { words: number; questions: number } {
  let words = 0;
  let questions = 0;
  let inWord = false;
  let inQuestion = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      words += 1;
    }
    if (code === 63) {
      if (!inQuestion) questions += 1;
      inQuestion = true;
    } else {
      inQuestion = false;
    }
  }
  return { words, questions };
}

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
  const ordered = inOrder(segments);
  // One pass: the speaking-time unions, the call's extent, monologues,
  // interruptions and the agent's words and questions.
  const agentUnion = new UnionLength();
  const customerUnion = new UnionLength();
  const speechUnion = new UnionLength();
  let lastEnd = 0;
  let longestMonologue = 0;
  let runSpeaker: Speaker | null = null;
  let runStart = 0;
  let runEnd = 0;
  let interruptions = 0;
  let lastAgentEnd = -Infinity;
  let lastCustomerEnd = -Infinity;
  let agentWords = 0;
  let questions = 0;
  for (const segment of ordered) {
    const { startSec, endSec } = segment;
    const agent = segment.speaker === Speaker.AGENT;
    (agent ? agentUnion : customerUnion).add(startSec, endSec);
    speechUnion.add(startSec, endSec);
    lastEnd = Math.max(lastEnd, endSec);
    if (startSec < (agent ? lastCustomerEnd : lastAgentEnd)) interruptions += 1;
    if (agent) lastAgentEnd = Math.max(lastAgentEnd, endSec);
    else lastCustomerEnd = Math.max(lastCustomerEnd, endSec);
    if (segment.speaker === runSpeaker) {
      runEnd = Math.max(runEnd, endSec);
    } else {
      runSpeaker = segment.speaker;
      runStart = startSec;
      runEnd = endSec;
    }
    longestMonologue = Math.max(longestMonologue, runEnd - runStart);
    if (agent) {
      const counted = countWordsAndQuestions(segment.text);
      agentWords += counted.words;
      questions += counted.questions;
    }
  }
  const agentTalk = agentUnion.finish();
  const customerTalk = customerUnion.finish();
  const speech = speechUnion.finish();
  const firstStart = ordered.length > 0 ? Math.min(0, ordered[0].startSec) : 0;
  const length = Math.max(durationSec ?? 0, lastEnd - firstStart);
  const talk = agentTalk + customerTalk;

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
