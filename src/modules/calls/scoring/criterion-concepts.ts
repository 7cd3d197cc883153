import { CriterionKind } from '../calls.enums';
import { CriterionDefinition, normalisePhrase } from '../campaigns/criteria';
import { CompileCache } from './prepared-transcript';

/**
 * The QA concepts an LLM_JUDGED criterion can name. Most are scored from
 * categories (judge-categories.ts); the last four from the transcript's
 * metrics and the customer's sentiment.
 */
export type ConceptId =
  | 'greeting'
  | 'introduction'
  | 'verification'
  | 'empathy'
  | 'apology'
  | 'ownership'
  | 'next_step'
  | 'hold'
  | 'closing'
  | 'escalation'
  | 'blame'
  | 'dismissive'
  | 'profanity'
  | 'customer_sentiment'
  | 'talk_balance'
  | 'interruptions'
  | 'monologue';

/**
 * Keyword → concept: a criterion (its description, else its guidance) names
 * a concept when one of its words starts with a keyword stem, or its text
 * contains a keyword phrase. Documented in README ("Built-in judge").
 */
export const CONCEPT_KEYWORDS: ReadonlyArray<{ concept: ConceptId; keywords: string[] }> = [
  { concept: 'greeting', keywords: ['greet', 'hello', 'welcom', 'opening', 'opens the call'] },
  {
    concept: 'introduction',
    keywords: ['introduc', 'their name', 'own name', 'gives name', 'identifies themselves'],
  },
  {
    concept: 'verification',
    keywords: [
      'verif',
      'identity',
      'authenticat',
      'security check',
      'security question',
      'data protection',
      'date of birth',
      'dpa',
      'kyc',
    ],
  },
  {
    concept: 'empathy',
    keywords: [
      'feeling',
      'empath',
      'acknowledg',
      'sympath',
      'compassion',
      'frustrat',
      'emotion',
      'understanding',
    ],
  },
  { concept: 'apology', keywords: ['apolog', 'sorry', 'inconvenien', 'regret'] },
  {
    concept: 'ownership',
    keywords: [
      'ownership',
      'owns',
      'responsib',
      'accountab',
      'take charge',
      'takes charge',
      'resolv',
    ],
  },
  {
    concept: 'next_step',
    keywords: [
      'next step',
      'time frame',
      'timeframe',
      'timeline',
      'deadline',
      'follow up',
      'expectation',
      'eta',
      'when it will',
    ],
  },
  { concept: 'hold', keywords: ['hold'] },
  {
    concept: 'closing',
    keywords: ['anything else', 'clos', 'wrap', 'farewell', 'goodbye', 'sign off', 'ends the call'],
  },
  { concept: 'escalation', keywords: ['escalat', 'supervisor', 'manager', 'transfer'] },
  { concept: 'blame', keywords: ['blam', 'fault'] },
  {
    concept: 'dismissive',
    keywords: [
      'dismiss',
      'rude',
      'courte',
      'polite',
      'respect',
      'professional',
      'condescend',
      'patronis',
      'patroniz',
      'sarcas',
    ],
  },
  { concept: 'profanity', keywords: ['profan', 'swear', 'curse', 'cursing', 'obscen', 'language'] },
  {
    concept: 'customer_sentiment',
    keywords: ['satisf', 'sentiment', 'happy', 'mood', 'tone', 'customer experience'],
  },
  { concept: 'talk_balance', keywords: ['listen', 'talk time', 'lets the customer', 'dominat'] },
  { concept: 'interruptions', keywords: ['interrupt', 'talk over', 'talks over', 'talking over'] },
  { concept: 'monologue', keywords: ['monologue', 'concise', 'long winded', 'jargon', 'rambl'] },
];

/** Whether the normalised text names the keyword: a word starting with it, or the phrase. */
function names(text: string, words: readonly string[], keyword: string): boolean {
  if (keyword.includes(' ')) return ` ${text} `.includes(` ${keyword}`);
  return words.some((word) => word.startsWith(keyword));
}

function conceptsIn(text: string): ConceptId[] {
  const normalised = normalisePhrase(text);
  const words = normalised.split(' ');
  return CONCEPT_KEYWORDS.filter(({ keywords }) =>
    keywords.some((keyword) => names(normalised, words, keyword)),
  ).map(({ concept }) => concept);
}

const compiled = new CompileCache<ConceptId[]>();

/**
 * The concepts a criterion names: those of its description and its guidance
 * together (empty: the judge falls back to a generic keyword match).
 */
export function conceptsOf(criterion: CriterionDefinition): ConceptId[] {
  const guidance =
    criterion.kind === CriterionKind.LLM_JUDGED ? (criterion.config?.guidance ?? '') : '';
  return compiled.get(`${criterion.description}\u0000${guidance}`, () => [
    ...new Set([...conceptsIn(criterion.description), ...conceptsIn(guidance)]),
  ]);
}
