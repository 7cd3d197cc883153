import { normalisePhrase } from '../campaigns/criteria';
import { Segment } from './call-metrics';

export interface PreparedSegment {
  segment: Segment;
  /** Normalised text with a space at each end, so ` phrase ` matches whole words. */
  padded: string;
  stems: string[];
}

export interface PreparedTranscript {
  segments: PreparedSegment[];
  /** Every segment's stems, space-separated and padded: for two-word phrase lookups. */
  stemText: string;
  stemSet: Set<string>;
}

/** A crude stem so "greeting", "greeted" and "greets" meet at "greet". */
export const stem = (word: string): string => word.replace(/(ing|ed|es|s|ly)$/, '') || word;

export const wordsOf = (text: string): string[] => normalisePhrase(text).split(' ').filter(Boolean);

const prepared = new WeakMap<readonly Segment[], PreparedTranscript>();

/**
 * A transcript normalised once per scoring, however many criteria read it
 * (memoised on the segments array, so it lives as long as the job's copy).
 */
export function prepare(segments: readonly Segment[]): PreparedTranscript {
  const known = prepared.get(segments);
  if (known) return known;
  const list = segments.map((segment) => {
    const normalised = normalisePhrase(segment.text);
    return {
      segment,
      padded: ` ${normalised} `,
      stems: normalised.split(' ').filter(Boolean).map(stem),
    };
  });
  const result: PreparedTranscript = {
    segments: list,
    stemText: ` ${list.map((entry) => entry.stems.join(' ')).join(' ')} `,
    stemSet: new Set(list.flatMap((entry) => entry.stems)),
  };
  prepared.set(segments, result);
  return result;
}
