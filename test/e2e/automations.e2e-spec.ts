import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '@/app.module';
import type {
  ActionExecutor,
  ConfigProblem,
  RenderedStep,
  StepOutcome,
} from '@/modules/automations/action-executor';
import { ActionRegistry } from '@/modules/automations/action-registry';
import { AutomationAction } from '@/modules/automations/automation.enums';
import type { AutomationEventData } from '@/modules/automations/automation-types';
import { renderTemplate } from '@/modules/automations/templates';
import {
  Account,
  addMemberWithRole,
  createApiKey,
  gqlError,
  gqlOk,
  Member,
  registerUser,
} from '../factories/identity.factory';
import { TestApp } from '../utils/test-app';

/**
 * Test-only executors, registered through a Nest testing override of
 * ActionRegistry: CALL_WEBHOOK wants an https `url`, NOTIFY_SLACK a `text`;
 * render fills their templates; perform counts calls (testAutomation must
 * never make one). The real executors have their own specs.
 */
class TestExecutor implements ActionExecutor {
  performed = 0;

  constructor(readonly action: AutomationAction) {}

  validate(_organizationId: string, config: Record<string, unknown>): Promise<ConfigProblem[]> {
    const problems: ConfigProblem[] = [];
    if (this.action === AutomationAction.CALL_WEBHOOK) {
      if (typeof config.url !== 'string' || !config.url.startsWith('https://')) {
        problems.push({ path: 'url', message: 'must be an https:// URL' });
      }
    }
    if (this.action === AutomationAction.NOTIFY_SLACK && typeof config.text !== 'string') {
      problems.push({ path: 'text', message: 'is required' });
    }
    return Promise.resolve(problems);
  }

  render(
    _organizationId: string,
    config: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep> {
    const text = typeof config.text === 'string' ? renderTemplate(config.text, event) : '';
    return Promise.resolve({
      action: this.action,
      summary: `${this.action} ${typeof config.url === 'string' ? config.url : ''}`.trim(),
      preview: { text },
    });
  }

  perform(): Promise<StepOutcome> {
    this.performed += 1;
    return Promise.resolve({ ok: true, output: {} });
  }
}

const EXECUTORS = Object.values(AutomationAction).map((action) => new TestExecutor(action));

/** The api with the test executors, otherwise built as bootstrap.ts builds it. */
async function startApiWithTestExecutors(): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register()] })
    .overrideProvider(ActionRegistry)
    .useValue(new ActionRegistry(EXECUTORS))
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: false,
  });
  app.useBodyParser('json', { limit: '1mb' });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

const FIELDS = `id name enabled trigger condition createdAt consecutiveFailures disabledReason
  actions { action config } triggerOptions { minutesBefore }`;
const CREATE = `mutation ($input: CreateAutomationInput!) { createAutomation(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateAutomationInput!) { updateAutomation(id: $id, input: $input) { ${FIELDS} } }`;
const SET_ENABLED = `mutation ($id: ID!, $enabled: Boolean!) { setAutomationEnabled(id: $id, enabled: $enabled) { ${FIELDS} } }`;
const DELETE = 'mutation ($id: ID!) { deleteAutomation(id: $id) }';
const LIST = `{ automations { ${FIELDS} } }`;
const GET = `query ($id: ID!) { automation(id: $id) { ${FIELDS} } }`;
const TEST = `query ($id: ID!, $sample: JSON!) { testAutomation(id: $id, sample: $sample) {
  conditionMatched event steps { index action summary preview } } }`;

interface AutomationView {
  id: string;
  name: string;
  enabled: boolean;
  trigger: string;
  condition: unknown;
  actions: Array<{ action: string; config: Record<string, unknown> }>;
  triggerOptions: { minutesBefore: number | null } | null;
  consecutiveFailures: number;
  disabledReason: string | null;
}

const lowScore = () => ({
  name: 'Low scores to the webhook',
  trigger: 'CALL_SCORED',
  condition: {
    all: [
      { field: 'score.overall', op: 'lt', value: 70 },
      { any: [{ field: 'call.campaign.name', op: 'contains', value: 'renewals' }] },
    ],
  },
  actions: [
    {
      action: 'NOTIFY_SLACK',
      config: { text: 'Call by {{call.agent.name}} scored {{ score.overall }}' },
    },
    {
      action: 'CALL_WEBHOOK',
      config: { url: 'https://hooks.example.com/scores', text: '{{call.id}}' },
    },
  ],
});

describe('automations: definitions over GraphQL', () => {
  let api: TestApp;
  let owner: Account;
  let supervisor: Member;
  let agent: Member;
  let other: Account;

  beforeAll(async () => {
    api = await startApiWithTestExecutors();
    owner = await registerUser(api);
    supervisor = await addMemberWithRole(api, owner, 'SUPERVISOR');
    agent = await addMemberWithRole(api, owner, 'AGENT');
    other = await registerUser(api);
  });
  afterAll(() => api.close());

  const create = async (account: Account, input: Record<string, unknown> = lowScore()) =>
    (await gqlOk<{ createAutomation: AutomationView }>(api, CREATE, { input }, account.accessToken))
      .createAutomation;

  async function rowCount(organizationId: string): Promise<number> {
    const [{ count }] = await api.dataSource.query<Array<{ count: string }>>(
      'SELECT count(*) FROM automation WHERE organization_id = $1',
      [organizationId],
    );
    return Number(count);
  }

  async function auditActions(entityId: string): Promise<string[]> {
    const rows = await api.dataSource.query<Array<{ action: string }>>(
      'SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY created_at, id',
      [entityId],
    );
    return rows.map((row) => row.action);
  }

  it('a SUPERVISOR creates, reads, updates, disables and deletes an automation, audited', async () => {
    const created = await create(supervisor);
    expect(created).toMatchObject({
      name: 'Low scores to the webhook',
      enabled: true,
      trigger: 'CALL_SCORED',
      condition: lowScore().condition,
      actions: lowScore().actions,
      triggerOptions: null,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    const [row] = await api.dataSource.query<Array<{ created_by_user_id: string }>>(
      'SELECT created_by_user_id FROM automation WHERE id = $1',
      [created.id],
    );
    expect(row.created_by_user_id).toBe(supervisor.userId);

    const { automations } = await gqlOk<{ automations: AutomationView[] }>(
      api,
      LIST,
      {},
      owner.accessToken,
    );
    expect(automations.map((a) => a.id)).toContain(created.id);
    const { automation } = await gqlOk<{ automation: AutomationView }>(
      api,
      GET,
      { id: created.id },
      supervisor.accessToken,
    );
    expect(automation).toEqual(created);

    const { updateAutomation } = await gqlOk<{ updateAutomation: AutomationView }>(
      api,
      UPDATE,
      { id: created.id, input: { name: '  Renamed  ', condition: null } },
      owner.accessToken,
    );
    expect(updateAutomation).toMatchObject({
      name: 'Renamed',
      condition: null,
      actions: lowScore().actions,
    });
    const [edited] = await api.dataSource.query<Array<{ created_by_user_id: string }>>(
      'SELECT created_by_user_id FROM automation WHERE id = $1',
      [created.id],
    );
    expect(edited.created_by_user_id).toBe(owner.userId); // runs now use the editor's rights

    await api.dataSource.query(
      `UPDATE automation SET enabled = false, consecutive_failures = 5, disabled_reason = 'failing' WHERE id = $1`,
      [created.id],
    );
    const { setAutomationEnabled } = await gqlOk<{ setAutomationEnabled: AutomationView }>(
      api,
      SET_ENABLED,
      { id: created.id, enabled: true },
      supervisor.accessToken,
    );
    expect(setAutomationEnabled).toMatchObject({
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    const disabled = await gqlOk<{ setAutomationEnabled: AutomationView }>(
      api,
      SET_ENABLED,
      { id: created.id, enabled: false },
      supervisor.accessToken,
    );
    expect(disabled.setAutomationEnabled.enabled).toBe(false);

    expect(await gqlOk(api, DELETE, { id: created.id }, supervisor.accessToken)).toEqual({
      deleteAutomation: true,
    });
    expect(
      (await gqlOk(api, GET, { id: created.id }, supervisor.accessToken)).automation,
    ).toBeNull();
    expect(await auditActions(created.id)).toEqual([
      'automation.created',
      'automation.updated',
      'automation.enabled',
      'automation.disabled',
      'automation.deleted',
    ]);
    // The audit log keeps no step settings (a Slack URL is a secret).
    const [entry] = await api.dataSource.query<Array<{ changes: Record<string, unknown> }>>(
      `SELECT changes FROM audit_entry WHERE entity_id = $1 AND action = 'automation.created'`,
      [created.id],
    );
    expect(JSON.stringify(entry.changes)).toContain('CALL_WEBHOOK');
    expect(JSON.stringify(entry.changes)).not.toContain('hooks.example.com');
  });

  it('CALENDAR_EVENT_STARTING needs minutesBefore (1..1440); other triggers take none', async () => {
    const calendar = {
      name: 'Reminder',
      trigger: 'CALENDAR_EVENT_STARTING',
      actions: [
        { action: 'NOTIFY_SLACK', config: { text: '{{event.title}} in {{minutesBefore}} min' } },
      ],
    };
    const missing = await gqlError(api, CREATE, { input: calendar }, owner.accessToken);
    expect(missing.code).toBe('BAD_USER_INPUT');
    expect(missing.extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.triggerOptions.minutesBefore' }),
    ]);
    const tooMany = await gqlError(
      api,
      CREATE,
      { input: { ...calendar, triggerOptions: { minutesBefore: 1441 } } },
      owner.accessToken,
    );
    expect(tooMany.extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.triggerOptions.minutesBefore' }),
    ]);
    const created = await create(owner, { ...calendar, triggerOptions: { minutesBefore: 15 } });
    expect(created.triggerOptions).toEqual({ minutesBefore: 15 });
    const wrongTrigger = await gqlError(
      api,
      CREATE,
      { input: { ...lowScore(), triggerOptions: { minutesBefore: 15 } } },
      owner.accessToken,
    );
    expect(wrongTrigger.extensions.fields).toEqual([
      {
        path: 'input.triggerOptions.minutesBefore',
        message: 'applies to CALENDAR_EVENT_STARTING only',
      },
    ]);
    // A dry run gets the automation's lead time in its event data.
    const { testAutomation } = await gqlOk(
      api,
      TEST,
      { id: created.id, sample: { event: { title: 'Standup' } } },
      owner.accessToken,
    );
    expect(testAutomation.steps[0].preview).toEqual({ text: 'Standup in 15 min' });
  });

  it('refuses an AGENT everything, and an API key definitions', async () => {
    const automation = await create(owner);
    const before = await rowCount(owner.organizationId);
    for (const [document, variables] of [
      [CREATE, { input: lowScore() }],
      [UPDATE, { id: automation.id, input: { name: 'x' } }],
      [SET_ENABLED, { id: automation.id, enabled: false }],
      [DELETE, { id: automation.id }],
      [LIST, {}],
      [GET, { id: automation.id }],
      [TEST, { id: automation.id, sample: {} }],
    ] as const) {
      const error = await gqlError(api, document, variables, agent.accessToken);
      expect({ document, code: error.code }).toEqual({ document, code: 'FORBIDDEN' });
    }
    const key = await createApiKey(api, owner, 'OWNER');
    const headers = { authorization: `Bearer ${key.secret}` };
    const byKey = await gqlError(api, CREATE, { input: lowScore() }, undefined, headers);
    expect(byKey.code).toBe('FORBIDDEN');
    expect(byKey.message).toMatch(/rights of the person/);
    const editByKey = await gqlError(
      api,
      UPDATE,
      { id: automation.id, input: { name: 'by key' } },
      undefined,
      headers,
    );
    expect(editByKey.code).toBe('FORBIDDEN');
    expect(await rowCount(owner.organizationId)).toBe(before);
    const { automation: unchanged } = await gqlOk(
      api,
      GET,
      { id: automation.id },
      owner.accessToken,
    );
    expect(unchanged).toEqual(automation);
  });

  it("another organization's automation is invisible and untouchable", async () => {
    const mine = await create(owner);
    const { automations } = await gqlOk<{ automations: AutomationView[] }>(
      api,
      LIST,
      {},
      other.accessToken,
    );
    expect(automations.map((a) => a.id)).not.toContain(mine.id);
    expect((await gqlOk(api, GET, { id: mine.id }, other.accessToken)).automation).toBeNull();
    for (const [document, variables] of [
      [UPDATE, { id: mine.id, input: { name: 'stolen' } }],
      [SET_ENABLED, { id: mine.id, enabled: false }],
      [DELETE, { id: mine.id }],
      [TEST, { id: mine.id, sample: {} }],
    ] as const) {
      const error = await gqlError(api, document, variables, other.accessToken);
      expect({ document, code: error.code }).toEqual({ document, code: 'NOT_FOUND' });
    }
    const { automation } = await gqlOk(api, GET, { id: mine.id }, owner.accessToken);
    expect(automation).toEqual(mine);
    expect(await auditActions(mine.id)).toEqual(['automation.created']);
  });

  it('refuses bad conditions, templates and step configs with field paths, changing nothing', async () => {
    const before = await rowCount(owner.organizationId);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [
        { condition: { all: [{ field: 'task.title', op: 'eq', value: 'x' }] } },
        ['input.condition.all.0.field'],
      ],
      [
        { condition: { all: [{ field: 'score.overall', op: 'contains', value: 'x' }] } },
        ['input.condition.all.0.op'],
      ],
      [
        { condition: { any: [{ field: 'score.overall', op: 'lt', value: 'low' }] } },
        ['input.condition.any.0.value'],
      ],
      [{ condition: 'score.overall < 70' }, ['input.condition']],
      [
        {
          actions: [
            { action: 'NOTIFY_SLACK', config: { text: 'ok {{call.agent.name}}' } },
            { action: 'CALL_WEBHOOK', config: { url: 'http://plain.example.com' } },
          ],
        },
        ['input.actions.1.config.url'],
      ],
      [
        { actions: [{ action: 'NOTIFY_SLACK', config: { text: 'Hi {{task.title}}' } }] },
        ['input.actions.0.config.text'],
      ],
      [
        {
          actions: [
            {
              action: 'NOTIFY_SLACK',
              config: { text: 'x', blocks: [{ title: '{{ process.env.SECRET }}' }] },
            },
          ],
        },
        ['input.actions.0.config.blocks.0.title'],
      ],
      [{ actions: [{ action: 'NOTIFY_SLACK', config: ['text'] }] }, ['input.actions.0.config']],
      [{ actions: [] }, ['input.actions']],
      [{ name: '   ' }, ['input.name']],
    ];
    for (const [change, paths] of cases) {
      const error = await gqlError(
        api,
        CREATE,
        { input: { ...lowScore(), ...change } },
        owner.accessToken,
      );
      expect({ change, code: error.code }).toEqual({ change, code: 'BAD_USER_INPUT' });
      const fields = error.extensions.fields as Array<{ path: string }>;
      expect({ change, paths: fields.map((field) => field.path) }).toEqual({ change, paths });
    }
    expect(await rowCount(owner.organizationId)).toBe(before);

    // An update that breaks the definition changes nothing either.
    const automation = await create(owner);
    const changed = await gqlError(
      api,
      UPDATE,
      { id: automation.id, input: { trigger: 'TASK_CREATED', name: 'Tasks' } },
      owner.accessToken,
    );
    expect(changed.code).toBe('BAD_USER_INPUT');
    expect((changed.extensions.fields as Array<{ path: string }>).map((f) => f.path)).toEqual([
      'input.condition.all.0.field',
      'input.condition.all.1.any.0.field',
      'input.actions.0.config.text', // {{call.agent.name}}
      'input.actions.0.config.text', // {{ score.overall }}
      'input.actions.1.config.text',
    ]);
    const { automation: unchanged } = await gqlOk(
      api,
      GET,
      { id: automation.id },
      owner.accessToken,
    );
    expect(unchanged).toEqual(automation);
    expect(await auditActions(automation.id)).toEqual(['automation.created']);
  });

  it('testAutomation renders every step for a sample and performs nothing', async () => {
    const automation = await create(owner);
    const sample = {
      call: { id: 'call-1', agent: { name: 'Ana' }, campaign: { name: 'Q3 renewals' } },
      score: { overall: 52, criteria: { greeting: { passed: false } } },
    };
    const runsBefore = await api.dataSource.query<Array<{ count: string }>>(
      'SELECT count(*) FROM automation_run',
    );
    const { testAutomation } = await gqlOk(
      api,
      TEST,
      { id: automation.id, sample },
      owner.accessToken,
    );
    expect(testAutomation).toEqual({
      conditionMatched: true,
      event: sample,
      steps: [
        {
          index: 0,
          action: 'NOTIFY_SLACK',
          summary: 'NOTIFY_SLACK',
          preview: { text: 'Call by Ana scored 52' },
        },
        {
          index: 1,
          action: 'CALL_WEBHOOK',
          summary: 'CALL_WEBHOOK https://hooks.example.com/scores',
          preview: { text: 'call-1' },
        },
      ],
    });
    const high = await gqlOk(
      api,
      TEST,
      { id: automation.id, sample: { ...sample, score: { overall: 91 } } },
      owner.accessToken,
    );
    expect(high.testAutomation.conditionMatched).toBe(false);
    expect(high.testAutomation.steps).toHaveLength(2); // rendered all the same
    expect(EXECUTORS.reduce((sum, executor) => sum + executor.performed, 0)).toBe(0);
    expect(
      await api.dataSource.query<Array<{ count: string }>>('SELECT count(*) FROM automation_run'),
    ).toEqual(runsBefore);

    const bad = await gqlError(
      api,
      TEST,
      { id: automation.id, sample: { score: { overall: 'high' }, task: { title: 'x' } } },
      owner.accessToken,
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect((bad.extensions.fields as Array<{ path: string }>).map((f) => f.path)).toEqual([
      'sample.score.overall',
      'sample.task',
    ]);
  });
});
