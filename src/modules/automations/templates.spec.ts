import { AutomationTrigger } from './automation.enums';
import { renderTemplate, templatePaths, templateProblems, valueAt } from './templates';

const TASK = AutomationTrigger.TASK_CREATED;
const data = {
  task: {
    title: 'Call back Ana',
    priority: 'HIGH',
    team: { name: 'Support' },
    assignee: null,
  },
  score: { overall: 61.5, criteria: { empathy: { passed: false } } },
};

describe('renderTemplate', () => {
  it('replaces placeholders with the fields, spaces inside braces allowed', () => {
    expect(
      renderTemplate('New {{task.priority}} task: {{ task.title }} ({{task.team.name}})', data),
    ).toBe('New HIGH task: Call back Ana (Support)');
  });

  it('renders numbers, booleans and criterion keys', () => {
    expect(renderTemplate('{{score.overall}}/{{score.criteria.empathy.passed}}', data)).toBe(
      '61.5/false',
    );
  });

  it('renders absent and null fields as nothing', () => {
    expect(renderTemplate('[{{task.assignee.name}}][{{task.dueAt}}]', data)).toBe('[][]');
  });

  it('never renders a value twice (a value holding {{…}} stays literal)', () => {
    const sneaky = { task: { title: '{{task.priority}}', priority: 'LOW' } };
    expect(renderTemplate('{{task.title}} {{task.priority}}', sneaky)).toBe(
      '{{task.priority}} LOW',
    );
  });

  it('evaluates nothing: an expression-like placeholder renders as nothing', () => {
    expect(renderTemplate('a{{task.title + 1}}b{{constructor}}c{{__proto__.x}}', data)).toBe('abc');
  });

  it('leaves text without placeholders alone', () => {
    expect(renderTemplate('plain { text } }}', data)).toBe('plain { text } }}');
  });
});

describe('templateProblems', () => {
  it('accepts whitelisted paths of the trigger', () => {
    expect(templateProblems('{{task.title}} due {{ task.dueAt }}', TASK, 'p')).toEqual([]);
    expect(
      templateProblems(
        '{{score.criteria.greeting.passed}} {{call.agent.name}}',
        AutomationTrigger.CALL_SCORED,
        'p',
      ),
    ).toEqual([]);
  });

  it('refuses a path of another trigger or none, naming the field path', () => {
    expect(templateProblems('{{score.overall}}', TASK, 'input.actions.0.config.text')).toEqual([
      {
        path: 'input.actions.0.config.text',
        message: '{{score.overall}} is not a field of TASK_CREATED events',
      },
    ]);
    expect(templateProblems('{{task}}', TASK, 'p')).toHaveLength(1);
    expect(
      templateProblems('{{score.criteria.*.passed}}', AutomationTrigger.CALL_SCORED, 'p'),
    ).toHaveLength(1);
    expect(templateProblems('{{task.secretNotes}}', TASK, 'p')).toHaveLength(1);
  });

  it('refuses expressions, empty placeholders and unmatched braces', () => {
    expect(templateProblems('{{task.title | upper}}', TASK, 'p')[0].message).toMatch(
      /not a field path/,
    );
    expect(templateProblems('{{ }}', TASK, 'p')[0].message).toMatch(/empty placeholder/);
    expect(templateProblems('Hello {{task.title', TASK, 'p')[0].message).toMatch(/unclosed/);
    expect(templateProblems('Hello task.title}}', TASK, 'p')[0].message).toMatch(/unclosed/);
  });

  it('reports every problem', () => {
    expect(templateProblems('{{a.b}} {{c.d}}', TASK, 'p')).toHaveLength(2);
  });

  it('caps the length', () => {
    expect(templateProblems('x'.repeat(4_001), TASK, 'p')[0].message).toMatch(/at most 4000/);
  });
});

describe('templatePaths and valueAt', () => {
  it('lists placeholder paths', () => {
    expect(templatePaths('{{a.b}} and {{ c }}')).toEqual(['a.b', 'c']);
  });

  it('reads own properties only', () => {
    expect(valueAt(data, 'task.title')).toBe('Call back Ana');
    expect(valueAt(data, 'task.title.length')).toBeUndefined();
    expect(valueAt(data, 'toString')).toBeUndefined();
    expect(valueAt(data, 'task.constructor')).toBeUndefined();
  });
});
