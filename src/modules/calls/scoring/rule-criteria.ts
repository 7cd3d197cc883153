import { CriterionKind, Speaker } from '../calls.enums';
import { Comparator, CriterionDefinition } from '../campaigns/criteria';
import { CallMetrics, Segment } from './call-metrics';
import { CriterionScore } from './call-score.entity';
import { CompileCache, phraseIds, prepare, segmentSays, wordsOf } from './prepared-transcript';

const COMPARE: Record<Comparator, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};

const SYMBOL: Record<Comparator, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥' };

const phraseWords = new CompileCache<string[]>();

/** A phrase's normalised words, compiled once per distinct phrase. */
const wordsOfPhrase = (phrase: string): string[] => phraseWords.get(phrase, () => wordsOf(phrase));

/**
 * Segments of that speaker saying any of the phrases (case and punctuation
 * ignored): the phrase's words as neighbours within one segment.
 */
function matching(
  segments: readonly Segment[],
  phrases: string[],
  speaker: Speaker,
  withinSec?: number,
): Segment[] {
  const transcript = prepare(segments);
  const wanted: Int32Array[] = [];
  for (const phrase of phrases) {
    const ids = phraseIds(transcript, wordsOfPhrase(phrase));
    if (ids) wanted.push(ids);
  }
  const found: Segment[] = [];
  if (wanted.length === 0) return found;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    if (
      segment.speaker === speaker &&
      (withinSec === undefined || segment.startSec < withinSec) &&
      wanted.some((ids) => segmentSays(transcript, index, ids))
    ) {
      found.push(segment);
    }
  }
  return found;
}

/**
 * Phrase and metric criteria, decided by rules alone: 1 or 0, with the
 * segments that decided it (or the measured figure) as evidence.
 */
export function evaluateRule(
  criterion: CriterionDefinition,
  segments: readonly Segment[],
  metrics: CallMetrics,
): CriterionScore | null {
  const base = { key: criterion.key, weight: criterion.weight, scorer: 'rules' };
  switch (criterion.kind) {
    case CriterionKind.PHRASE_REQUIRED: {
      const { phrases, speaker, withinSec } = criterion.config;
      const found = matching(segments, phrases, speaker, withinSec);
      const window = withinSec === undefined ? '' : ` in the first ${withinSec} s`;
      return {
        ...base,
        score: found.length > 0 ? 1 : 0,
        passed: found.length > 0,
        evidence: found.map((segment) => segment.text),
        rationale:
          found.length > 0
            ? `${speaker} said a required phrase${window}.`
            : `${speaker} never said any of: ${phrases.map((p) => `"${p}"`).join(', ')}${window}.`,
      };
    }
    case CriterionKind.PHRASE_FORBIDDEN: {
      const { phrases, speaker } = criterion.config;
      const found = matching(segments, phrases, speaker);
      return {
        ...base,
        score: found.length > 0 ? 0 : 1,
        passed: found.length === 0,
        evidence: found.map((segment) => segment.text),
        rationale:
          found.length > 0
            ? `${speaker} said a forbidden phrase ${found.length} time(s).`
            : `${speaker} said none of the forbidden phrases.`,
      };
    }
    case CriterionKind.METRIC_THRESHOLD: {
      const { metric, op, value } = criterion.config;
      const actual = metrics[metric];
      const passed = COMPARE[op](actual, value);
      return {
        ...base,
        score: passed ? 1 : 0,
        passed,
        evidence: [`${metric} = ${actual}`],
        rationale: `${metric} is ${actual}; the scorecard asks for ${SYMBOL[op]} ${value}.`,
      };
    }
    case CriterionKind.LLM_JUDGED:
      return null;
  }
}
