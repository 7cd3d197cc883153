import { AutomationTrigger } from './automation.enums';
import type { AutomationCondition } from './automation-types';
import { conditionProblems, evaluateCondition, MAX_CONDITION_DEPTH } from './conditions';

const TASK = AutomationTrigger.TASK_CREATED;
const CALL = AutomationTrigger.CALL_SCORED;
const problems = (condition: unknown, trigger = TASK) =>
  conditionProblems(condition, trigger, 'input.condition');

describe('conditionProblems', () => {
  it('accepts null (always) and well-formed conditions', () => {
    expect(problems(null)).toEqual([]);
    expect(problems(undefined)).toEqual([]);
    expect(
      problems({
        all: [
          { field: 'task.priority', op: 'in', value: ['HIGH', 'URGENT'] },
          { field: 'task.title', op: 'contains', value: 'refund' },
          { field: 'task.dueAt', op: 'lt', value: '2026-05-01T09:00:00Z' },
          { field: 'task.assignee.id', op: 'exists', value: false },
          { field: 'task.team.name', op: 'exists' },
          { any: [{ field: 'task.source', op: 'neq', value: 'AUTOMATION' }] },
        ],
      }),
    ).toEqual([]);
    expect(
      problems(
        {
          any: [
            { field: 'score.overall', op: 'lt', value: 70 },
            { field: 'score.criteria.greeting.passed', op: 'eq', value: false },
          ],
        },
        CALL,
      ),
    ).toEqual([]);
  });

  it('names a field that is not whitelisted for the trigger', () => {
    expect(problems({ all: [{ field: 'score.overall', op: 'lt', value: 70 }] })).toEqual([
      {
        path: 'input.condition.all.0.field',
        message: 'score.overall is not a field of TASK_CREATED events',
      },
    ]);
    expect(problems({ all: [{ field: 'task.organizationId', op: 'exists' }] })[0].path).toBe(
      'input.condition.all.0.field',
    );
    expect(
      problems({ all: [{ field: 'score.criteria.*.passed', op: 'exists' }] }, CALL)[0].path,
    ).toBe('input.condition.all.0.field');
    expect(problems({ all: [{ op: 'exists' }] })[0]).toEqual({
      path: 'input.condition.all.0.field',
      message: 'must be a field path (a string)',
    });
  });

  it('refuses unknown operators and operators that do not fit the field type', () => {
    expect(problems({ all: [{ field: 'task.title', op: 'matches', value: 'x' }] })[0].path).toBe(
      'input.condition.all.0.op',
    );
    expect(problems({ all: [{ field: 'task.title', op: 'lt', value: 'x' }] })[0]).toMatchObject({
      path: 'input.condition.all.0.op',
      message: expect.stringMatching(/does not apply to string field task.title/),
    });
    expect(
      problems({ all: [{ field: 'task.priority', op: 'contains', value: 'H' }] })[0].path,
    ).toBe('input.condition.all.0.op');
    expect(
      problems({ all: [{ field: 'score.criteria.x.passed', op: 'gt', value: true }] }, CALL)[0]
        .path,
    ).toBe('input.condition.all.0.op');
  });

  it('type-checks values, list items included', () => {
    expect(problems({ all: [{ field: 'task.priority', op: 'eq', value: 'HUGE' }] })).toEqual([
      {
        path: 'input.condition.all.0.value',
        message: 'must be one of LOW, MEDIUM, HIGH, URGENT',
      },
    ]);
    expect(problems({ any: [{ field: 'score.overall', op: 'lt', value: '70' }] }, CALL)).toEqual([
      { path: 'input.condition.any.0.value', message: 'must be a number' },
    ]);
    expect(
      problems({ all: [{ field: 'task.priority', op: 'in', value: ['LOW', 'NOPE'] }] }),
    ).toEqual([
      {
        path: 'input.condition.all.0.value.1',
        message: 'must be one of LOW, MEDIUM, HIGH, URGENT',
      },
    ]);
    expect(problems({ all: [{ field: 'task.priority', op: 'in', value: [] }] })[0].path).toBe(
      'input.condition.all.0.value',
    );
    expect(problems({ all: [{ field: 'task.dueAt', op: 'gt', value: 'tomorrow' }] })[0].path).toBe(
      'input.condition.all.0.value',
    );
    expect(problems({ all: [{ field: 'task.title', op: 'eq' }] })).toEqual([
      { path: 'input.condition.all.0.value', message: 'is required' },
    ]);
    expect(problems({ all: [{ field: 'task.title', op: 'exists', value: 'yes' }] })[0].path).toBe(
      'input.condition.all.0.value',
    );
    expect(problems({ all: [{ field: 'task.title', op: 'contains', value: '' }] })[0].path).toBe(
      'input.condition.all.0.value',
    );
  });

  it('refuses extra rule properties (no code hidden anywhere)', () => {
    expect(
      problems({ all: [{ field: 'task.title', op: 'eq', value: 'a', script: 'x()' }] }),
    ).toEqual([
      {
        path: 'input.condition.all.0.script',
        message: 'is not a rule property (field, op, value)',
      },
    ]);
  });

  it('refuses malformed groups', () => {
    expect(problems('task.priority == HIGH')[0].path).toBe('input.condition');
    expect(problems([])[0].path).toBe('input.condition');
    expect(problems({})[0].path).toBe('input.condition');
    expect(problems({ all: [], any: [] })[0].path).toBe('input.condition');
    expect(problems({ field: 'task.title', op: 'exists' })[0].path).toBe('input.condition');
    expect(problems({ all: [] })[0].path).toBe('input.condition.all');
    expect(problems({ all: 'x' })[0].path).toBe('input.condition.all');
    expect(problems({ all: [3] })[0].path).toBe('input.condition.all.0');
    expect(problems({ all: [{ any: [] }] })[0].path).toBe('input.condition.all.0.any');
  });

  it('caps nesting depth, group size and rule count', () => {
    const rule = { field: 'task.title', op: 'exists' };
    let deep: unknown = { all: [rule] };
    for (let i = 1; i < MAX_CONDITION_DEPTH; i++) deep = { all: [deep] };
    expect(problems(deep)).toEqual([]);
    expect(problems({ all: [deep] })).toEqual([
      {
        path: `input.condition.all.0${'.all.0'.repeat(MAX_CONDITION_DEPTH - 1)}`,
        message: `groups nest at most ${MAX_CONDITION_DEPTH} deep`,
      },
    ]);
    expect(problems({ all: Array(21).fill(rule) })[0].path).toBe('input.condition.all');
    const many = { any: Array(3).fill({ all: Array(20).fill(rule) }) };
    expect(problems(many)).toEqual([
      { path: 'input.condition', message: 'has more than 50 rules' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      problems({
        all: [
          { field: 'nope', op: 'eq', value: 1 },
          { field: 'task.title', op: 'bad' },
        ],
      }).map((p) => p.path),
    ).toEqual(['input.condition.all.0.field', 'input.condition.all.1.op']);
  });
});

describe('evaluateCondition', () => {
  const task = {
    task: {
      title: 'Refund request from ACME',
      priority: 'HIGH',
      dueAt: '2026-05-01T10:00:00.000Z',
      team: { name: 'Support' },
    },
  };
  const call = { score: { overall: 64, criteria: { greeting: { passed: false, score: 0 } } } };
  const holds = (condition: AutomationCondition | null, data: Record<string, unknown> = task) =>
    evaluateCondition(condition, data);

  it('holds for a null condition', () => {
    expect(holds(null)).toBe(true);
  });

  it('eq / neq, in / notIn', () => {
    expect(holds({ all: [{ field: 'task.priority', op: 'eq', value: 'HIGH' }] })).toBe(true);
    expect(holds({ all: [{ field: 'task.priority', op: 'eq', value: 'LOW' }] })).toBe(false);
    expect(holds({ all: [{ field: 'task.priority', op: 'neq', value: 'LOW' }] })).toBe(true);
    expect(holds({ all: [{ field: 'task.priority', op: 'in', value: ['URGENT', 'HIGH'] }] })).toBe(
      true,
    );
    expect(holds({ all: [{ field: 'task.priority', op: 'notIn', value: ['HIGH'] }] })).toBe(false);
  });

  it('orders numbers and date-times (as instants)', () => {
    expect(holds({ all: [{ field: 'score.overall', op: 'lt', value: 70 }] }, call)).toBe(true);
    expect(holds({ all: [{ field: 'score.overall', op: 'lt', value: 64 }] }, call)).toBe(false);
    expect(holds({ all: [{ field: 'score.overall', op: 'lte', value: 64 }] }, call)).toBe(true);
    expect(holds({ all: [{ field: 'score.overall', op: 'gt', value: 63.9 }] }, call)).toBe(true);
    expect(holds({ all: [{ field: 'score.overall', op: 'gte', value: 65 }] }, call)).toBe(false);
    expect(
      holds({ all: [{ field: 'task.dueAt', op: 'lt', value: '2026-05-01T12:30:00+02:00' }] }),
    ).toBe(true);
    expect(
      holds({ all: [{ field: 'task.dueAt', op: 'eq', value: '2026-05-01T12:00:00+02:00' }] }),
    ).toBe(true);
    expect(holds({ all: [{ field: 'task.title', op: 'gt', value: 3 }] })).toBe(false);
  });

  it('contains ignores case', () => {
    expect(holds({ all: [{ field: 'task.title', op: 'contains', value: 'REFUND' }] })).toBe(true);
    expect(holds({ all: [{ field: 'task.title', op: 'contains', value: 'invoice' }] })).toBe(false);
  });

  it('absent fields: exists false, neq / notIn hold, the rest fail', () => {
    const absent = 'task.assignee.name';
    expect(holds({ all: [{ field: absent, op: 'exists' }] })).toBe(false);
    expect(holds({ all: [{ field: absent, op: 'exists', value: false }] })).toBe(true);
    expect(holds({ all: [{ field: 'task.team.name', op: 'exists' }] })).toBe(true);
    expect(holds({ all: [{ field: absent, op: 'neq', value: 'x' }] })).toBe(true);
    expect(holds({ all: [{ field: absent, op: 'notIn', value: ['x'] }] })).toBe(true);
    for (const op of ['eq', 'lt', 'gt', 'in', 'contains'] as const) {
      expect(holds({ all: [{ field: absent, op, value: op === 'in' ? ['x'] : 'x' }] })).toBe(false);
    }
    expect(holds({ all: [{ field: 'task.team.name.x', op: 'exists' }] })).toBe(false);
  });

  it('booleans and criterion keys', () => {
    expect(
      holds({ all: [{ field: 'score.criteria.greeting.passed', op: 'eq', value: false }] }, call),
    ).toBe(true);
    expect(
      holds({ all: [{ field: 'score.criteria.closing.passed', op: 'eq', value: false }] }, call),
    ).toBe(false);
  });

  it('all / any nest', () => {
    const lowScore = { field: 'score.overall', op: 'lt', value: 70 } as const;
    const greetingPassed = {
      field: 'score.criteria.greeting.passed',
      op: 'eq',
      value: true,
    } as const;
    expect(holds({ all: [lowScore, greetingPassed] }, call)).toBe(false);
    expect(holds({ any: [lowScore, greetingPassed] }, call)).toBe(true);
    expect(holds({ all: [lowScore, { any: [greetingPassed, { all: [lowScore] }] }] }, call)).toBe(
      true,
    );
    expect(holds({ any: [greetingPassed, { all: [greetingPassed] }] }, call)).toBe(false);
  });
});
