import { CriterionKind, Speaker } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { Segment } from './call-metrics';
import { CriterionScore } from './call-score.entity';
import { CompileCache, hasStemPair, prepare, stem, wordsOf } from './prepared-transcript';

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers him his how i if in into is it its itself just me more most my no nor not of
  off on once only or other our out over own same she should so some such than that the their them
  then there these they this those through to too under until up very was we were what when where
  which while who whom why will with would you your agent customer caller call did does whether
  ask asks asked make makes made sure properly clearly`
    .split(/\s+/)
    .filter(Boolean),
);

const words = wordsOf;

/** The criterion's content words (description and guidance, stop words dropped), stemmed. */
export function keywordsOf(criterion: CriterionDefinition): string[] {
  const guidance =
    criterion.kind === CriterionKind.LLM_JUDGED ? (criterion.config?.guidance ?? '') : '';
  const all = words(`${criterion.description} ${guidance}`)
    .filter((word) => word.length > 2 && !STOPWORDS.has(word))
    .map(stem);
  return [...new Set(all)];
}

interface JudgeKeys {
  keywords: string[];
  /** Neighbouring words of the description, stemmed (stop words kept). */
  bigrams: Array<[string, string]>;
}

const judgeKeys = new CompileCache<JudgeKeys>();

/** A criterion's keywords and bigrams, compiled once per distinct description and guidance. */
function compiledKeys(criterion: CriterionDefinition): JudgeKeys {
  const guidance =
    criterion.kind === CriterionKind.LLM_JUDGED ? (criterion.config?.guidance ?? '') : '';
  return judgeKeys.get(`${criterion.description}\u0000${guidance}`, () => {
    const criterionWords = words(criterion.description).map(stem);
    return {
      keywords: keywordsOf(criterion),
      bigrams: criterionWords
        .slice(1)
        .map((word, index): [string, string] => [criterionWords[index], word]),
    };
  });
}

/**
 * The built-in judge for LLM_JUDGED criteria when no ANTHROPIC_API_KEY is
 * set. Deterministic and explainable, not clever:
 *
 * - coverage: the share of the criterion's keywords (description and
 *   guidance, stop words dropped, crudely stemmed) that occur anywhere in the
 *   transcript, plus a bonus for each keyword pair (bigram) of the criterion
 *   that occurs as a phrase;
 * - tone: a small sentiment lexicon over the agent's words, giving 0..1
 *   (0.5 neutral);
 * - score = 0.7 × coverage + 0.3 × tone, passed at 0.5 or above;
 * - evidence: up to three segments sharing the most keywords (the agent's
 *   first on a tie), verbatim.
 */
export function builtinJudge(
  criterion: CriterionDefinition,
  segments: readonly Segment[],
): CriterionScore {
  const { keywords, bigrams } = compiledKeys(criterion);
  const transcript = prepare(segments);
  const { stemIds, sequence, starts } = transcript;
  // The transcript's stem ids that are criterion keywords, flagged.
  const isKeyword = new Uint8Array(stemIds.size);
  let covered = 0;
  for (const keyword of keywords) {
    const id = stemIds.get(keyword);
    if (id !== undefined) {
      isKeyword[id] = 1;
      covered += 1;
    }
  }
  let phraseHits = 0;
  for (const [first, second] of bigrams) {
    if (hasStemPair(transcript, first, second)) phraseHits += 1;
  }
  const coverage =
    keywords.length === 0 ? 0.5 : Math.min(1, covered / keywords.length + 0.1 * phraseHits);

  const positive = transcript.agentPositive;
  const negative = transcript.agentNegative;
  const tone = 0.5 + (0.5 * (positive - negative)) / (positive + negative + 1);

  const score = Math.round((0.7 * coverage + 0.3 * tone) * 10_000) / 10_000;
  const hitSegments: Array<{ index: number; agent: number; hits: number }> = [];
  if (covered > 0) {
    for (let index = 0; index < segments.length; index += 1) {
      let hits = 0;
      for (let at = starts[index]; at < starts[index + 1]; at += 1) {
        const id = sequence[at];
        if (id >= 0) hits += isKeyword[id];
      }
      if (hits > 0) {
        hitSegments.push({
          index,
          agent: segments[index].speaker === Speaker.AGENT ? 1 : 0,
          hits,
        });
      }
    }
  }
  const evidence = hitSegments
    // Most keywords first; on a tie the agent's words, since criteria judge the agent
    // (a stable sort, so then the earlier segment).
    .sort((a, b) => b.hits - a.hits || b.agent - a.agent)
    .slice(0, 3)
    .map((entry) => segments[entry.index].text);
  return {
    key: criterion.key,
    weight: criterion.weight,
    score,
    passed: score >= 0.5,
    evidence,
    rationale:
      `Built-in judge: ${covered} of ${keywords.length} criterion keywords found` +
      `${phraseHits ? `, ${phraseHits} phrase match(es)` : ''}; agent tone ${tone.toFixed(2)} ` +
      `(${positive} positive, ${negative} negative words).`,
    scorer: 'builtin',
  };
}
