import { CriterionKind, Speaker } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { builtinJudge } from './builtin-judge';
import { scoreWithoutProvider } from './call-scorer';
import { answerProblems } from './claude-judge';
import { Segment } from './call-metrics';
import { hasStemPair, phraseIds, prepare, segmentSays, stem } from './prepared-transcript';

const transcript: Segment[] = [
  {
    speaker: Speaker.AGENT,
    text: 'Thank you for calling! How can I help?',
    startSec: 0,
    endSec: 4,
  },
  { speaker: Speaker.CUSTOMER, text: 'My refund never arrived.', startSec: 5, endSec: 8 },
  {
    speaker: Speaker.AGENT,
    text: 'I am sorry about the refund, I will fix it today.',
    startSec: 9,
    endSec: 14,
  },
];

const criteria: CriterionDefinition[] = [
  {
    key: 'greeting',
    description: 'Greets',
    kind: CriterionKind.PHRASE_REQUIRED,
    weight: 50,
    config: { phrases: ['thank you for calling'], speaker: Speaker.AGENT, withinSec: 3 },
  },
  {
    key: 'refund',
    description: 'Agent apologises for the refund problem',
    kind: CriterionKind.LLM_JUDGED,
    weight: 50,
    config: null,
  },
];

describe('scoring without a provider', () => {
  it('is deterministic and weights criteria into 0..100', () => {
    const first = scoreWithoutProvider(criteria, transcript, null);
    expect(scoreWithoutProvider(criteria, transcript, null)).toEqual(first);
    expect(first.criteria[0]).toMatchObject({
      passed: true,
      score: 1,
      evidence: [transcript[0].text],
    });
    expect(first.overall).toBeCloseTo(50 + 50 * first.criteria[1].score, 2);
  });

  it('misses a required phrase said after the window', () => {
    const late = scoreWithoutProvider(
      [
        {
          ...criteria[0],
          config: { phrases: ['fix it'], speaker: Speaker.AGENT, withinSec: 3 },
        } as CriterionDefinition,
      ],
      transcript,
      null,
    );
    expect(late.criteria[0]).toMatchObject({ passed: false, score: 0, evidence: [] });
  });

  it('lets the built-in judge cite the segments that match the criterion', () => {
    const result = builtinJudge(criteria[1], transcript);
    expect(result.scorer).toBe('builtin');
    expect(result.evidence[0]).toBe(transcript[2].text);
    expect(result.passed).toBe(true);
  });
});

describe('answerProblems (Claude answers)', () => {
  it('accepts verbatim quotes and refuses invented ones, missing keys and bad scores', () => {
    const ok = answerProblems(
      {
        criteria: [
          {
            key: 'refund',
            score: 0.9,
            passed: true,
            evidence: ['I am sorry about the refund'],
            rationale: 'ok',
          },
        ],
      },
      ['refund'],
      transcript,
    );
    expect(ok.problems).toEqual([]);
    const bad = answerProblems(
      {
        criteria: [
          {
            key: 'refund',
            score: 2,
            passed: 'yes',
            evidence: ['I promise a bonus'],
            rationale: '',
          },
        ],
      },
      ['refund', 'greeting'],
      transcript,
    );
    expect(bad.problems).toEqual([
      'refund: score must be a number from 0 to 1',
      'refund: passed must be a boolean',
      'refund: evidence "I promise a bonus" does not appear verbatim in the transcript',
      'criterion "greeting" is missing',
    ]);
  });
});

describe('prepared transcript', () => {
  it('stems as /(ing|ed|es|s|ly)$/ did, keeping a word the suffix would empty', () => {
    const words = ['greeting', 'greeted', 'greets', 'boxes', 'uses', 'quickly', 'things', 'sing'];
    const more = ['ing', 's', 'es', 'ly', 'ed', 'refund', 'thanks', 'ses', 'ings', 'bus', 'café'];
    for (const word of [...words, ...more]) {
      expect(stem(word)).toBe(word.replace(/(ing|ed|es|s|ly)$/, '') || word);
    }
  });

  it('finds a phrase across segments but not across a segment without words', () => {
    const at = (text: string, startSec: number): Segment => ({
      speaker: Speaker.AGENT,
      text,
      startSec,
      endSec: startSec + 1,
    });
    const joined = prepare([at('the refund', 0), at('problem remains', 1)]);
    expect(hasStemPair(joined, 'refund', 'problem')).toBe(true);
    const broken = prepare([at('the refund', 0), at('...', 1), at('problem remains', 2)]);
    expect(hasStemPair(broken, 'refund', 'problem')).toBe(false);
    expect(broken.agentNegative).toBe(1);
  });

  it('matches a phrase as whole words within one segment, case and punctuation ignored', () => {
    const at = (text: string): Segment => ({
      speaker: Speaker.AGENT,
      text,
      startSec: 0,
      endSec: 1,
    });
    const prepared = prepare([
      at('Thank-you, for CALLING!'),
      at('thank'),
      at('you for calling'),
      at('...'),
      at('Café au lait, NAÏVE'),
    ]);
    const says = (index: number, words: string[]): boolean => {
      const ids = phraseIds(prepared, words);
      return ids !== null && segmentSays(prepared, index, ids);
    };
    expect(says(0, ['thank', 'you', 'for', 'calling'])).toBe(true);
    expect(says(0, ['you', 'for'])).toBe(true);
    expect(says(0, ['thank', 'for'])).toBe(false);
    // Not across segments, and not a word's prefix.
    expect(says(1, ['thank', 'you'])).toBe(false);
    expect(says(2, ['for', 'call'])).toBe(false);
    expect(says(4, ['cafe', 'au', 'lait', 'naive'])).toBe(true);
    expect(phraseIds(prepared, ['never', 'said'])).toBeNull();
    // No words: only a segment without words says it.
    expect(says(3, [])).toBe(true);
    expect(says(2, [])).toBe(false);
  });
});
