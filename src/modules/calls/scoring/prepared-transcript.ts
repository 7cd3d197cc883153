import { Speaker } from '../calls.enums';
import { normalisePhrase } from '../campaigns/criteria';
import { Segment } from './call-metrics';

export interface PreparedSegment {
  segment: Segment;
  /** Normalised text with a space at each end, so ` phrase ` matches whole words. */
  padded: string;
}

/**
 * One transcript tokenised once, for every criterion and metric that reads
 * it: the normalised text of each segment (phrase rules), and every word's
 * stem as a small integer id (the built-in judge), in order.
 */
export interface PreparedTranscript {
  segments: PreparedSegment[];
  /** Each distinct stem's id (0, 1, 2, … in order of first use). */
  stemIds: Map<string, number>;
  /**
   * The stem ids of all words in transcript order. A segment without words
   * contributes a single -1, which no phrase spans (as the space-joined stem
   * text it replaces had a double space there).
   */
  sequence: Int32Array;
  /** Segment i's stems are `sequence[starts[i] .. starts[i + 1])`. */
  starts: Int32Array;
  /** Words of the agent's segments in the positive and the negative tone lexicon. */
  agentPositive: number;
  agentNegative: number;
}

export const POSITIVE = new Set(
  `thank thanks thankyou appreciate glad happy pleasure great excellent perfect wonderful certainly
  absolutely sure welcome sorry apologize apologise understand help helping resolved resolve fixed
  right correct good kind please delighted`
    .split(/\s+/)
    .filter(Boolean),
);

export const NEGATIVE = new Set(
  `no not never cannot can't won't wont don't dont unfortunately impossible stupid ridiculous shut
  whatever wrong bad terrible awful hate angry annoyed problem refuse refused useless idiot`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A crude stem so "greeting", "greeted" and "greets" meet at "greet": the
 * longest of -ing, -ed, -es, -ly, -s dropped (what `/(ing|ed|es|s|ly)$/`
 * removes), unless nothing would be left. No regex: it runs once per word.
 */
export function stem(word: string): string {
  const n = word.length;
  let cut = 0;
  if (word.endsWith('ing')) cut = 3;
  else if (word.endsWith('ed') || word.endsWith('es') || word.endsWith('ly')) cut = 2;
  else if (word.endsWith('s')) cut = 1;
  return cut === 0 || cut === n ? word : word.slice(0, n - cut);
}

export const wordsOf = (text: string): string[] => {
  const normalised = normalisePhrase(text);
  return normalised === '' ? [] : normalised.split(' ');
};

/** What one distinct word of a transcript contributes. */
interface WordInfo {
  stemId: number;
  /** +1 positive, -1 negative, 0 neither. */
  tone: number;
}

const prepared = new WeakMap<readonly Segment[], PreparedTranscript>();

/**
 * A transcript tokenised once per scoring, however many criteria read it
 * (memoised on the segments array, so it lives as long as the job's copy).
 * One pass: each segment is normalised once (native lower-case and replace),
 * split once, and each distinct word is stemmed and looked up in the tone
 * lexicons once.
 */
export function prepare(segments: readonly Segment[]): PreparedTranscript {
  const known = prepared.get(segments);
  if (known) return known;
  const words = new Map<string, WordInfo>();
  const stemIds = new Map<string, number>();
  const list: PreparedSegment[] = new Array<PreparedSegment>(segments.length);
  const starts = new Int32Array(segments.length + 1);
  let sequence = new Int32Array(Math.max(16, segments.length * 16));
  let length = 0;
  let agentPositive = 0;
  let agentNegative = 0;
  for (let s = 0; s < segments.length; s += 1) {
    const segment = segments[s];
    const normalised = normalisePhrase(segment.text);
    list[s] = { segment, padded: ` ${normalised} ` };
    starts[s] = length;
    const tokens = normalised === '' ? [] : normalised.split(' ');
    if (length + Math.max(1, tokens.length) > sequence.length) {
      const grown = new Int32Array(Math.max(sequence.length * 2, length + tokens.length + 1));
      grown.set(sequence);
      sequence = grown;
    }
    if (tokens.length === 0) {
      sequence[length] = -1;
      length += 1;
      continue;
    }
    const agent = segment.speaker === Speaker.AGENT;
    for (const token of tokens) {
      let info = words.get(token);
      if (info === undefined) {
        const stemmed = stem(token);
        let stemId = stemIds.get(stemmed);
        if (stemId === undefined) {
          stemId = stemIds.size;
          stemIds.set(stemmed, stemId);
        }
        info = { stemId, tone: POSITIVE.has(token) ? 1 : NEGATIVE.has(token) ? -1 : 0 };
        words.set(token, info);
      }
      sequence[length] = info.stemId;
      length += 1;
      if (agent && info.tone !== 0) {
        if (info.tone > 0) agentPositive += 1;
        else agentNegative += 1;
      }
    }
  }
  starts[segments.length] = length;
  const result: PreparedTranscript = {
    segments: list,
    stemIds,
    sequence: sequence.subarray(0, length),
    starts,
    agentPositive,
    agentNegative,
  };
  prepared.set(segments, result);
  return result;
}

/** Whether the stems `first second` occur as neighbours (within or across segments). */
export function hasStemPair(
  transcript: PreparedTranscript,
  first: string,
  second: string,
): boolean {
  const a = transcript.stemIds.get(first);
  const b = transcript.stemIds.get(second);
  if (a === undefined || b === undefined) return false;
  const { sequence } = transcript;
  for (let i = 0; i + 1 < sequence.length; i += 1) {
    if (sequence[i] === a && sequence[i + 1] === b) return true;
  }
  return false;
}

/**
 * A small cache of things compiled from scorecard text (keywords, phrases):
 * a scorecard version's criteria never change, and the same text always
 * compiles the same way, so entries are keyed by the text itself. Cleared
 * wholesale when it grows past `limit`.
 */
export class CompileCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit = 2_000) {}

  get(key: string, compile: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      value = compile();
      this.entries.set(key, value);
    }
    return value;
  }
}
