import { AutomationTrigger } from './automation.enums';
import { sampleEventData, sampleProblems } from './event-sample';

describe('sampleProblems', () => {
  it('accepts whitelisted fields with values of their types, and nulls', () => {
    expect(
      sampleProblems(
        AutomationTrigger.CALL_SCORED,
        {
          call: { agent: { name: 'Ana' }, durationSec: 120, direction: 'INBOUND' },
          score: { overall: 55, criteria: { greeting: { passed: true, score: 100 } } },
        },
        'sample',
      ),
    ).toEqual([]);
    expect(sampleProblems(AutomationTrigger.TASK_CREATED, { task: { dueAt: null } }, 's')).toEqual(
      [],
    );
  });

  it('names unknown fields and wrong types by path', () => {
    expect(
      sampleProblems(
        AutomationTrigger.TASK_CREATED,
        {
          task: { title: 3, priority: 'HUGE', secret: 'x', team: { id: 'x', members: {} } },
          user: {},
        },
        'sample',
      ),
    ).toEqual([
      { path: 'sample.task.title', message: 'must be a string' },
      { path: 'sample.task.priority', message: 'must be one of LOW, MEDIUM, HIGH, URGENT' },
      { path: 'sample.task.secret', message: 'is not a field of TASK_CREATED events' },
      { path: 'sample.task.team.members', message: 'is not a field of TASK_CREATED events' },
      { path: 'sample.user', message: 'is not a field of TASK_CREATED events' },
    ]);
  });

  it('refuses a non-object and arrays', () => {
    expect(sampleProblems(AutomationTrigger.TASK_CREATED, [], 'sample')).toHaveLength(1);
    expect(sampleProblems(AutomationTrigger.TASK_CREATED, 'x', 'sample')).toHaveLength(1);
    expect(
      sampleProblems(AutomationTrigger.TASK_CREATED, { task: { title: ['a'] } }, 'sample'),
    ).toEqual([{ path: 'sample.task.title', message: 'must be a string' }]);
  });
});

describe('sampleEventData', () => {
  it('drops nulls', () => {
    expect(sampleEventData({ task: { title: 'a', dueAt: null, team: { name: null } } })).toEqual({
      task: { title: 'a', team: {} },
    });
  });
});
