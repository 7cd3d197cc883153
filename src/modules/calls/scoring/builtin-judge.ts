import { CriterionKind, Speaker } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { CallMetrics, computeMetrics, Segment } from './call-metrics';
import { CriterionScore } from './call-score.entity';
import { callSignals, CallSignals, sentimentOf } from './call-signals';
import { ConceptId, conceptsOf } from './criterion-concepts';
import {
  CATEGORIES,
  CategoryHit,
  CategoryId,
  matchCategory,
  Sentence,
  sentencesOf,
  SkippedHit,
} from './judge-categories';
import { CompileCache, prepare, stem, wordsOf } from './prepared-transcript';

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

/** The criterion's content words (description and guidance, stop words dropped), stemmed. */
export function keywordsOf(criterion: CriterionDefinition): string[] {
  const guidance =
    criterion.kind === CriterionKind.LLM_JUDGED ? (criterion.config?.guidance ?? '') : '';
  const all = wordsOf(`${criterion.description} ${guidance}`)
    .filter((word) => word.length > 2 && !STOPWORDS.has(word))
    .map(stem);
  return [...new Set(all)];
}

const judgeKeys = new CompileCache<string[]>();

/** A silence this long before an agent's turn, after the agent spoke, is a hold. */
export const HOLD_GAP_SEC = 20;
/** The weight of the call's quality in every criterion's score (the rest: its concepts). */
const QUALITY_WEIGHT = 0.2;
const MAX_EVIDENCE = 3;

/** One transcript read once for every criterion the judge scores. */
interface Analysis {
  sentences: Sentence[];
  hits: Map<CategoryId, CategoryHit[]>;
  skipped: Map<CategoryId, SkippedHit[]>;
  /** Agent segments that open and close the call (greeting and closing windows). */
  opening: Set<number>;
  closing: Set<number>;
  /** Agent segments after a silence of HOLD_GAP_SEC or more, with the gap. */
  holds: Array<{ segment: number; gapSec: number }>;
  signals: CallSignals;
  conduct: number;
  /** Whether the customer raised a problem or a worry (else apology and empathy do not apply). */
  customerProblem: boolean;
}

const analyses = new WeakMap<readonly Segment[], Analysis>();

function analyse(segments: readonly Segment[], metrics: CallMetrics): Analysis {
  const known = analyses.get(segments);
  if (known) return known;
  const sentences = sentencesOf(segments);
  const hits = new Map<CategoryId, CategoryHit[]>();
  const skipped = new Map<CategoryId, SkippedHit[]>();
  for (const category of CATEGORIES) {
    const found = matchCategory(category, sentences);
    hits.set(category.id, found.hits);
    skipped.set(category.id, found.skipped);
  }
  const agentSegments = segments
    .map((segment, index) => ({ segment, index }))
    .filter(({ segment }) => segment.speaker === Speaker.AGENT);
  const lastEnd = segments.reduce((max, segment) => Math.max(max, segment.endSec), 0);
  const opening = new Set(
    agentSegments
      .filter(({ segment }, k) => k < 2 || segment.startSec < 30)
      .map(({ index }) => index),
  );
  const closing = new Set(
    agentSegments
      .filter(
        ({ segment }, k) => k >= agentSegments.length - 3 || segment.startSec >= 0.6 * lastEnd,
      )
      .map(({ index }) => index),
  );
  const holds: Analysis['holds'] = [];
  let previousEnd = -Infinity;
  let agentSpoke = false;
  segments.forEach((segment, index) => {
    const gapSec = segment.startSec - previousEnd;
    if (segment.speaker === Speaker.AGENT && agentSpoke && gapSec >= HOLD_GAP_SEC) {
      holds.push({ segment: index, gapSec: Math.round(gapSec) });
    }
    if (segment.speaker === Speaker.AGENT) agentSpoke = true;
    previousEnd = Math.max(previousEnd, segment.endSec);
  });
  const count = (id: CategoryId): number => hits.get(id)!.length;
  const escalationAsked = count('escalation_request') > 0 && count('escalation') === 0;
  const conduct = Math.min(
    1,
    Math.max(
      0,
      1 -
        0.3 * count('blame') -
        0.25 * count('dismissive') -
        0.4 * count('profanity') -
        (escalationAsked ? 0.2 : 0),
    ),
  );
  const customerProblem =
    count('customer_problem') > 0 ||
    sentences.some((s) => s.speaker === Speaker.CUSTOMER && sentimentOf(s.text) < 0);
  const analysis: Analysis = {
    customerProblem,
    sentences,
    hits,
    skipped,
    opening,
    closing,
    holds,
    conduct,
    signals: callSignals(segments, metrics, conduct),
  };
  analyses.set(segments, analysis);
  return analysis;
}

/** One concept's verdict on one call. */
interface ConceptResult {
  score: number;
  /** The sentences that decided it. */
  evidence: Sentence[];
  /** For the supervisor: what matched where, or why nothing did. */
  note: string;
}

const at = (sentence: Sentence): string => {
  const seconds = Math.floor(sentence.startSec);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};
const quote = (hit: CategoryHit): string => `"${hit.matched}" at ${at(hit.sentence)}`;
const strongest = (hits: readonly CategoryHit[]): CategoryHit | undefined =>
  hits.reduce<CategoryHit | undefined>(
    (best, hit) => (best === undefined || hit.strength > best.strength ? hit : best),
    undefined,
  );

/** "an agent sentence avoided X" concepts: 1 without a hit, less with each. */
function avoidance(analysis: Analysis, id: CategoryId, what: string): ConceptResult {
  const found = analysis.hits.get(id)!;
  if (found.length === 0) return { score: 1, evidence: [], note: `no ${what} by the agent` };
  return {
    score: Math.max(0, 1 - 0.5 * found.length),
    evidence: found.map((hit) => hit.sentence),
    note: `${what} ${found.length} time(s): ${found.map(quote).join(', ')}`,
  };
}

/** A positive concept: the strongest agent hit (within `where` segments when given). */
function presence(
  analysis: Analysis,
  id: CategoryId,
  what: string,
  where?: Set<number>,
): ConceptResult & { hit?: CategoryHit } {
  const found = analysis.hits.get(id)!.filter((hit) => !where || where.has(hit.sentence.segment));
  const hit = strongest(found);
  if (!hit) return { score: 0, evidence: [], note: `no ${what} found` };
  return {
    score: hit.strength,
    evidence: [hit.sentence],
    note: `${what}: ${hit.label}, ${quote(hit)}`,
    hit,
  };
}

function scoreConcept(concept: ConceptId, analysis: Analysis): ConceptResult {
  const { hits, signals } = analysis;
  switch (concept) {
    case 'greeting':
      return presence(analysis, 'greeting', 'greeting in the opening', analysis.opening);
    case 'introduction':
      return presence(
        analysis,
        'introduction',
        'agent introduction in the opening',
        analysis.opening,
      );
    case 'verification': {
      const verified = hits.get('verification')![0];
      const disclosed = hits.get('account_details')![0];
      if (!verified && !disclosed) {
        return {
          score: 0.75,
          evidence: [],
          note: 'not applicable: no identity check and no account details discussed',
        };
      }
      if (!verified) {
        return {
          score: 0,
          evidence: [disclosed.sentence],
          note: `account details discussed (${quote(disclosed)}) with no identity check`,
        };
      }
      const before =
        !disclosed ||
        verified.sentence.startSec < disclosed.sentence.startSec ||
        (verified.sentence.segment === disclosed.sentence.segment &&
          analysis.sentences.indexOf(verified.sentence) <=
            analysis.sentences.indexOf(disclosed.sentence));
      return before
        ? {
            score: 1,
            evidence: [verified.sentence],
            note: `identity checked first: ${verified.label}, ${quote(verified)}`,
          }
        : {
            score: 0.4,
            evidence: [disclosed.sentence, verified.sentence],
            note: `account details (${quote(disclosed)}) discussed before the identity check (${quote(verified)})`,
          };
    }
    case 'empathy':
    case 'apology': {
      const found = presence(analysis, concept, concept);
      if (found.hit || analysis.customerProblem) return found;
      return {
        score: 0.75,
        evidence: [],
        note: `not applicable: the customer raised no problem or worry (no ${concept} needed)`,
      };
    }
    case 'ownership': {
      // "Is there anything else I can help with?" offers nothing about the problem.
      const closingQuestions = new Set(hits.get('closing_question')!.map((hit) => hit.sentence));
      const own = presence(
        analysis,
        'ownership',
        'ownership',
        new Set(
          hits
            .get('ownership')!
            .filter((hit) => !closingQuestions.has(hit.sentence))
            .map((hit) => hit.sentence.segment),
        ),
      );
      const against = [...hits.get('blame')!, ...hits.get('dismissive')!];
      if (against.length === 0) return own;
      return {
        score: Math.max(0, own.score - 0.3 * against.length),
        evidence: [...own.evidence, ...against.map((hit) => hit.sentence)],
        note: `${own.note}; deflects ${against.length} time(s): ${against.map(quote).join(', ')}`,
      };
    }
    case 'next_step': {
      const step = presence(analysis, 'next_step', 'next step');
      if (step.hit) return step;
      const vague = presence(analysis, 'vague_promise', 'vague promise');
      if (vague.hit) return { ...vague, score: 0.35, note: `no time frame; ${vague.note}` };
      return { score: 0, evidence: [], note: 'no next step with a time frame found' };
    }
    case 'hold': {
      const asked = hits.get('hold_request')!;
      const told = hits.get('hold_unannounced')!;
      const thanked = hits.get('hold_thanks')!;
      if (asked.length > 0) {
        return {
          score: 1,
          evidence: [asked[0].sentence],
          note: `asked before the hold: ${quote(asked[0])}${thanked.length ? `; thanked after: ${quote(thanked[0])}` : ''}`,
        };
      }
      if (told.length > 0 || analysis.holds.length > 0) {
        const silence = analysis.holds[0];
        const after = silence && analysis.sentences.find((s) => s.segment === silence.segment);
        const evidence = [...told.map((hit) => hit.sentence), ...(after ? [after] : [])];
        return {
          score: thanked.length > 0 ? 0.2 : 0.1,
          evidence,
          note:
            'hold without asking' +
            (told.length ? `: ${told.map(quote).join(', ')}` : '') +
            (silence
              ? `; ${silence.gapSec} s of silence before the agent's turn at ${after ? at(after) : '?'}`
              : '') +
            (thanked.length ? `; thanked after: ${quote(thanked[0])}` : ''),
        };
      }
      return { score: 0.75, evidence: [], note: 'not applicable: no hold in this call' };
    }
    case 'closing': {
      const question = presence(
        analysis,
        'closing_question',
        '"anything else" question',
        analysis.closing,
      );
      const farewell = presence(analysis, 'farewell', 'farewell', analysis.closing);
      if (question.hit) {
        return {
          score: farewell.hit ? 1 : 0.85,
          evidence: [...question.evidence, ...farewell.evidence],
          note: farewell.hit
            ? `${question.note}; ${farewell.note}`
            : `${question.note}; no farewell`,
        };
      }
      if (farewell.hit)
        return { ...farewell, score: 0.4, note: `${farewell.note}; never asked "anything else"` };
      return { score: 0, evidence: [], note: 'no closing question or farewell' };
    }
    case 'escalation': {
      const escalated = presence(analysis, 'escalation', 'escalation');
      if (escalated.hit) return escalated;
      const asked = hits.get('escalation_request')!;
      if (asked.length > 0) {
        return {
          score: 0,
          evidence: asked.map((hit) => hit.sentence),
          note: `the customer asked for escalation (${asked.map(quote).join(', ')}) and the agent did not escalate`,
        };
      }
      return {
        score: 0.75,
        evidence: [],
        note: 'not applicable: no escalation needed or asked for',
      };
    }
    case 'blame':
      return avoidance(analysis, 'blame', 'blame');
    case 'dismissive': {
      const dismissive = avoidance(analysis, 'dismissive', 'dismissive language');
      const profane = avoidance(analysis, 'profanity', 'profanity');
      return {
        score: Math.min(dismissive.score, profane.score),
        evidence: [...dismissive.evidence, ...profane.evidence],
        note: `${dismissive.note}; ${profane.note}`,
      };
    }
    case 'profanity':
      return avoidance(analysis, 'profanity', 'profanity');
    case 'customer_sentiment': {
      const customer = analysis.sentences.filter((s) => s.speaker === Speaker.CUSTOMER);
      return {
        score: signals.sentiment,
        evidence: customer.length ? [customer[0], customer[customer.length - 1]] : [],
        note: `customer sentiment (AFINN-165) ${signals.customerStart} at the start, ${signals.customerEnd} at the end`,
      };
    }
    case 'talk_balance':
      return { score: signals.balance, evidence: [], note: `talk balance ${signals.balance}` };
    case 'interruptions':
      return {
        score: signals.interruptions,
        evidence: [],
        note: `interruptions ${signals.interruptions}`,
      };
    case 'monologue':
      return {
        score: signals.monologue,
        evidence: [],
        note: `longest monologue ${signals.monologue}`,
      };
  }
}

/**
 * Old-style coverage for a criterion that names no known concept: the share
 * of its keywords (stemmed) found in the agent's words.
 */
function generic(
  criterion: CriterionDefinition,
  segments: readonly Segment[],
): ConceptResult & { matched: number; total: number } {
  const keywords = judgeKeys.get(
    `${criterion.description}\u0000${criterion.kind === CriterionKind.LLM_JUDGED ? (criterion.config?.guidance ?? '') : ''}`,
    () => keywordsOf(criterion),
  );
  const transcript = prepare(segments);
  const found = keywords.filter((keyword) => transcript.stemIds.has(keyword));
  const wanted = new Set(found);
  const evidence: Array<{ index: number; hits: number; agent: number }> = [];
  segments.forEach((segment, index) => {
    const hits = wordsOf(segment.text).filter((word) => wanted.has(stem(word))).length;
    if (hits > 0) evidence.push({ index, hits, agent: segment.speaker === Speaker.AGENT ? 1 : 0 });
  });
  const quotes = evidence
    .sort((a, b) => b.hits - a.hits || b.agent - a.agent)
    .slice(0, MAX_EVIDENCE)
    .map(({ index }) => ({
      segment: index,
      speaker: segments[index].speaker,
      startSec: segments[index].startSec,
      text: segments[index].text,
      tokens: [],
      clauses: [],
      normalised: '',
    }));
  return {
    score: keywords.length === 0 ? 0.5 : found.length / keywords.length,
    evidence: quotes,
    note: `generic match (the criterion names no QA category): ${found.length} of ${keywords.length} keywords found`,
    matched: found.length,
    total: keywords.length,
  };
}

/**
 * The built-in judge for LLM_JUDGED criteria when no ANTHROPIC_API_KEY is
 * set: deterministic, local and explainable.
 *
 * - The criterion's text is mapped to the QA concepts it names
 *   (criterion-concepts.ts); each concept is scored from categories —
 *   curated phrase and pattern sets matched per sentence, speaker- and
 *   negation-aware (judge-categories.ts) — or from the call's signals.
 * - Every criterion also weighs in the call's quality (call-signals.ts):
 *   the agent's conduct (blame, dismissive language, profanity, a customer
 *   asking for a manager), the customer's sentiment at the start against
 *   the end (AFINN-165), talk balance, interruptions, longest monologue.
 * - score = 0.8 × mean(concept scores) + 0.2 × call quality; passed at 0.5.
 * - Evidence: the sentences that decided it, verbatim; the rationale names
 *   the concepts, the phrases matched and where, and negated matches skipped.
 * - A criterion naming no concept falls back to a labelled generic keyword
 *   match.
 */
export function builtinJudge(
  criterion: CriterionDefinition,
  segments: readonly Segment[],
  metrics: CallMetrics = computeMetrics(segments),
): CriterionScore {
  const analysis = analyse(segments, metrics);
  const concepts = conceptsOf(criterion);
  const results: Array<{ name: string; result: ConceptResult }> =
    concepts.length > 0
      ? concepts.map((concept) => ({ name: concept, result: scoreConcept(concept, analysis) }))
      : [{ name: 'generic', result: generic(criterion, segments) }];
  const conceptScore = results.reduce((sum, { result }) => sum + result.score, 0) / results.length;
  const quality = analysis.signals.quality;
  const score =
    Math.round(((1 - QUALITY_WEIGHT) * conceptScore + QUALITY_WEIGHT * quality) * 10_000) / 10_000;

  const evidence: string[] = [];
  for (const { result } of results) {
    for (const sentence of result.evidence) {
      if (!evidence.includes(sentence.text)) evidence.push(sentence.text);
    }
  }
  const negated = concepts.length
    ? results
        .flatMap(({ name }) => skippedFor(name as ConceptId, analysis))
        .map((skip) => `"${skip.sentence.text}" ("${skip.negator}" before "${skip.matched}")`)
    : [];
  const { signals } = analysis;
  const rationale =
    `Built-in judge. ${results
      .map(({ name, result }) => `[${name} ${result.score.toFixed(2)}] ${result.note}.`)
      .join(' ')}` +
    (negated.length
      ? ` Negated, not counted: ${[...new Set(negated)].slice(0, 3).join('; ')}.`
      : '') +
    ` Call quality ${quality.toFixed(2)} (agent conduct ${analysis.conduct.toFixed(2)}; customer` +
    ` sentiment ${signals.customerStart} → ${signals.customerEnd}; talk balance ${signals.balance};` +
    ` interruptions ${signals.interruptions}; monologue ${signals.monologue}).` +
    ` Score = 0.8 × ${conceptScore.toFixed(2)} + 0.2 × ${quality.toFixed(2)} = ${score.toFixed(2)}.`;
  return {
    key: criterion.key,
    weight: criterion.weight,
    score,
    passed: score >= 0.5,
    evidence: evidence.slice(0, MAX_EVIDENCE),
    rationale,
    scorer: 'builtin',
  };
}

/** The categories whose negated matches a concept's rationale mentions. */
const NEGATABLE_OF: Partial<Record<ConceptId, CategoryId[]>> = {
  verification: ['verification'],
  empathy: ['empathy'],
  apology: ['apology'],
  ownership: ['ownership'],
  next_step: ['next_step'],
  hold: ['hold_request'],
  closing: ['closing_question'],
  escalation: ['escalation'],
};

function skippedFor(concept: ConceptId, analysis: Analysis): SkippedHit[] {
  return (NEGATABLE_OF[concept] ?? []).flatMap((id) => analysis.skipped.get(id) ?? []);
}
