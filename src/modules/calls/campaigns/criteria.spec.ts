import { CriterionKind, Speaker } from '../calls.enums';
import { normaliseCriteria, normalisePhrase } from './criteria';

describe('normaliseCriteria', () => {
  it('scales weights to add up to exactly 100', () => {
    const { criteria, errors } = normaliseCriteria(
      [1, 1, 1].map((weight, index) => ({
        key: `c${index}`,
        description: 'x',
        kind: CriterionKind.LLM_JUDGED,
        weight,
      })),
      'criteria',
    );
    expect(errors).toEqual([]);
    expect(criteria.map((c) => c.weight)).toEqual([33.3333, 33.3333, 33.3334]);
  });

  it('fills in the default speaker and keeps withinSec', () => {
    const { criteria } = normaliseCriteria(
      [
        {
          key: 'greet',
          description: 'Greets',
          kind: CriterionKind.PHRASE_REQUIRED,
          weight: 1,
          config: { phrases: [' Hello '], withinSec: 10 },
        },
      ],
      'criteria',
    );
    expect(criteria[0].config).toEqual({
      phrases: ['Hello'],
      speaker: Speaker.AGENT,
      withinSec: 10,
    });
  });

  it('names the path of every problem', () => {
    const { errors } = normaliseCriteria(
      [
        {
          key: 'ok',
          description: 'x',
          kind: CriterionKind.PHRASE_FORBIDDEN,
          weight: 1,
          config: null,
        },
        {
          key: 'm',
          description: 'x',
          kind: CriterionKind.METRIC_THRESHOLD,
          weight: 1,
          config: { metric: 'agentTalkRatio', op: 'gte' },
        },
        {
          key: 'l',
          description: 'x',
          kind: CriterionKind.LLM_JUDGED,
          weight: 1,
          config: { guidance: 3 },
        },
      ],
      'criteria',
    );
    expect(errors.map((error) => error.path)).toEqual([
      'criteria.0.config',
      'criteria.1.config.value',
      'criteria.2.config.guidance',
    ]);
  });
});

describe('normalisePhrase', () => {
  it('ignores case, punctuation and spacing', () => {
    expect(normalisePhrase('  Thank-you, for   CALLING!')).toBe('thank you for calling');
  });
});
