import { stepRetryDelayMs } from './automation-engine.service';
import { evaluateCondition } from './conditions';
import { renderTemplate } from './templates';

describe('stepRetryDelayMs', () => {
  it('doubles from the base, capped at 10 minutes', () => {
    expect(stepRetryDelayMs(1, 5000)).toBe(5000);
    expect(stepRetryDelayMs(2, 5000)).toBe(10_000);
    expect(stepRetryDelayMs(3, 5000)).toBe(20_000);
    expect(stepRetryDelayMs(30, 5000)).toBe(600_000);
  });

  it('never retries sooner than Retry-After (capped at 24 hours, as the executors cap it)', () => {
    expect(stepRetryDelayMs(1, 5000, 30_000)).toBe(30_000);
    expect(stepRetryDelayMs(3, 5000, 1000)).toBe(20_000);
    expect(stepRetryDelayMs(1, 5000, 10 * 3600_000)).toBe(10 * 3600_000);
    expect(stepRetryDelayMs(1, 5000, 48 * 3600_000)).toBe(24 * 3600_000);
  });
});

describe('evaluateCondition and renderTemplate (minimal, replaced by the definitions branch)', () => {
  const data = { score: { overall: 42 }, task: { title: 'Call Bob' } };

  it('compares whitelisted paths', () => {
    expect(evaluateCondition(null, data)).toBe(true);
    expect(
      evaluateCondition({ all: [{ field: 'score.overall', op: 'lt', value: 60 }] }, data),
    ).toBe(true);
    expect(
      evaluateCondition({ all: [{ field: 'score.overall', op: 'gte', value: 60 }] }, data),
    ).toBe(false);
    expect(
      evaluateCondition(
        {
          any: [
            { field: 'task.title', op: 'contains', value: 'bob' },
            { field: 'x', op: 'exists' },
          ],
        },
        data,
      ),
    ).toBe(true);
  });

  it('substitutes values, never evaluates', () => {
    expect(renderTemplate('Coach {{task.title}} ({{score.overall}}){{missing.path}}', data)).toBe(
      'Coach Call Bob (42)',
    );
    expect(renderTemplate('{{constructor.name}}', data)).toBe('');
  });
});
