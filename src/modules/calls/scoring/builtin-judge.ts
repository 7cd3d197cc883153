import { CriterionKind, Speaker } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { Segment } from './call-metrics';
import { CriterionScore } from './call-score.entity';
import { prepare, stem, wordsOf } from './prepared-transcript';

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

const POSITIVE = new Set(
  `thank thanks thankyou appreciate glad happy pleasure great excellent perfect wonderful certainly
  absolutely sure welcome sorry apologize apologise understand help helping resolved resolve fixed
  right correct good kind please delighted`
    .split(/\s+/)
    .filter(Boolean),
);

const NEGATIVE = new Set(
  `no not never cannot can't won't wont don't dont unfortunately impossible stupid ridiculous shut
  whatever wrong bad terrible awful hate angry annoyed problem refuse refused useless idiot`
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
  const keywords = keywordsOf(criterion);
  const transcript = prepare(segments);
  const stemmedSegments = transcript.segments.map((entry) => entry.stems);
  const covered = keywords.filter((keyword) => transcript.stemSet.has(keyword));
  const criterionWords = words(criterion.description).map(stem);
  const bigrams = criterionWords.slice(1).map((word, index) => `${criterionWords[index]} ${word}`);
  const phraseHits = bigrams.filter((bigram) => transcript.stemText.includes(` ${bigram} `)).length;
  const coverage =
    keywords.length === 0 ? 0.5 : Math.min(1, covered.length / keywords.length + 0.1 * phraseHits);

  const agentWords = transcript.segments
    .filter((entry) => entry.segment.speaker === Speaker.AGENT)
    .flatMap((entry) => entry.padded.trim().split(' '));
  const positive = agentWords.filter((word) => POSITIVE.has(word)).length;
  const negative = agentWords.filter((word) => NEGATIVE.has(word)).length;
  const tone = 0.5 + (0.5 * (positive - negative)) / (positive + negative + 1);

  const score = Math.round((0.7 * coverage + 0.3 * tone) * 10_000) / 10_000;
  const evidence = segments
    .map((segment, index) => ({
      text: segment.text,
      agent: segment.speaker === Speaker.AGENT ? 1 : 0,
      hits: stemmedSegments[index].filter((word) => keywords.includes(word)).length,
    }))
    .filter((entry) => entry.hits > 0)
    // Most keywords first; on a tie the agent's words, since criteria judge the agent.
    .sort((a, b) => b.hits - a.hits || b.agent - a.agent)
    .slice(0, 3)
    .map((entry) => entry.text);
  return {
    key: criterion.key,
    weight: criterion.weight,
    score,
    passed: score >= 0.5,
    evidence,
    rationale:
      `Built-in judge: ${covered.length} of ${keywords.length} criterion keywords found` +
      `${phraseHits ? `, ${phraseHits} phrase match(es)` : ''}; agent tone ${tone.toFixed(2)} ` +
      `(${positive} positive, ${negative} negative words).`,
    scorer: 'builtin',
  };
}
