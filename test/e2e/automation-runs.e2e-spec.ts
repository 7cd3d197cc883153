import { INestApplicationContext } from '@nestjs/common';
import { createCampaign, importCall, SCORE_CALL } from '../factories/calls.factory';
import {
  AUTOMATION_RUN_HISTORY,
  AUTOMATION_RUNS,
  insertAutomation,
  RETRY_AUTOMATION_RUN,
} from '../factories/automation.factory';
import { CREATE_EVENT } from '../factories/calendar.factory';
import { Account, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { createTask, UPDATE_TASK } from '../factories/task.factory';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

const ENV = {
  ANTHROPIC_API_KEY: undefined,
  ANTHROPIC_BASE_URL: undefined,
  AUTOMATION_SCHEDULE_INTERVAL_MS: '1000',
  AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION: '4',
  AUTOMATION_MAX_CONSECUTIVE_FAILURES: '2',
  RECONCILE_GRACE_MS: '0',
};

interface Run {
  id: string;
  status: string;
  error: string | null;
  skipReason: string | null;
  chainDepth: number;
  causedByRunId: string | null;
  event: Record<string, any>;
  steps: Array<{ status: string; attempts: number; output: Record<string, any> | null }>;
  automation: {
    id: string;
    enabled: boolean;
    consecutiveFailures: number;
    disabledReason: string | null;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('automation runs (triggers, engine, guards)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let owner: Account;

  beforeAll(async () => {
    api = await startApi({ env: ENV });
    worker = await startWorker({ env: ENV });
    owner = await registerUser(api);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const runs = async (automationId: string, account = owner): Promise<Run[]> =>
    (
      await gqlOk<{ automationRuns: Run[] }>(
        api,
        AUTOMATION_RUNS,
        { automationId, first: 50 },
        account.accessToken,
      )
    ).automationRuns;

  /** Waits until `automationId` has `count` runs all finished, and returns them (newest first). */
  const finishedRuns = (automationId: string, count: number, account = owner): Promise<Run[]> =>
    eventually(
      async () => {
        const list = await runs(automationId, account);
        return list.length >= count &&
          list.every((run) => ['COMPLETED', 'FAILED', 'SKIPPED'].includes(run.status))
          ? list
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `${count} finished run(s)` },
    );

  const tasksTitled = async (
    organizationId: string,
    title: string,
  ): Promise<Array<{ id: string; source: string }>> =>
    api.dataSource.query(
      `SELECT id, source FROM task WHERE organization_id = $1 AND title = $2 AND deleted_at IS NULL`,
      [organizationId, title],
    );

  const automation = (
    input: Omit<Parameters<typeof insertAutomation>[1], 'organizationId' | 'createdByUserId'>,
    account = owner,
  ) =>
    insertAutomation(api.dataSource, {
      organizationId: account.organizationId,
      createdByUserId: account.userId,
      ...input,
    });

  it('a created task triggers a run whose CREATE_TASK makes an AUTOMATION task; its own task does not loop (skip recorded)', async () => {
    const account = await registerUser(api);
    const id = await automation(
      {
        trigger: 'TASK_CREATED',
        actions: [
          {
            action: 'CREATE_TASK',
            config: { title: 'Follow up: {{task.title}}', priority: 'HIGH' },
          },
        ],
      },
      account,
    );
    const task = await createTask(api, account.accessToken, { title: 'Call the plumber' });
    const list = await finishedRuns(id, 2, account);
    const completed = list.find((run) => run.status === 'COMPLETED')!;
    expect(completed.event.task).toMatchObject({
      id: task.id,
      title: 'Call the plumber',
      source: 'WEB',
    });
    expect(completed.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    const created = await tasksTitled(account.organizationId, 'Follow up: Call the plumber');
    expect(created).toEqual([{ id: completed.steps[0].output!.taskId, source: 'AUTOMATION' }]);
    const skipped = list.find((run) => run.status === 'SKIPPED')!;
    expect(skipped.skipReason).toMatch(/loop guard/);
    expect(skipped.causedByRunId).toBe(completed.id);
    await sleep(1500);
    expect(await runs(id, account)).toHaveLength(2);
    expect(
      await tasksTitled(account.organizationId, 'Follow up: Follow up: Call the plumber'),
    ).toEqual([]);
    // history as a connection
    const history = await gqlOk<any>(
      api,
      AUTOMATION_RUN_HISTORY,
      { automationId: id, first: 1 },
      account.accessToken,
    );
    expect(history.automationRunHistory.edges).toHaveLength(1);
    expect(history.automationRunHistory.pageInfo.hasNextPage).toBe(true);
    // another organization sees none of it
    const stranger = await registerUser(api);
    const error = await gqlError(api, AUTOMATION_RUNS, { automationId: id }, stranger.accessToken);
    expect(error.extensions?.code).toBe('NOT_FOUND');
  });

  it('a rolled-back change triggers nothing', async () => {
    const account = await registerUser(api);
    const id = await automation(
      { trigger: 'TASK_CREATED', actions: [{ action: 'CREATE_TASK', config: { title: 'never' } }] },
      account,
    );
    // A subtask too deep is refused inside the transaction: nothing commits.
    const error = await gqlError(
      api,
      `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
      { input: { title: 'bad', assigneeId: '00000000-0000-4000-8000-000000000000' } },
      account.accessToken,
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    await sleep(1500);
    expect(await runs(id, account)).toEqual([]);
    const [{ count }] = await api.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM outbox_event WHERE organization_id = $1 AND queue = 'automations'`,
      [account.organizationId],
    );
    expect(count).toBe(0);
  });

  it('a chain of automations stops at depth 3 (skip recorded)', async () => {
    const account = await registerUser(api);
    const step = (from: string, to: string) =>
      automation(
        {
          trigger: 'TASK_CREATED',
          condition: { all: [{ field: 'task.title', op: 'eq', value: from }] },
          actions: [{ action: 'CREATE_TASK', config: { title: to } }],
        },
        account,
      );
    const a = await step('chain-0', 'chain-1');
    const b = await step('chain-1', 'chain-2');
    const c = await step('chain-2', 'chain-3');
    const d = await step('chain-3', 'chain-4');
    await createTask(api, account.accessToken, { title: 'chain-0' });
    const [runD] = await finishedRuns(d, 1, account);
    expect(runD.status).toBe('SKIPPED');
    expect(runD.skipReason).toMatch(/chain depth/);
    expect(runD.chainDepth).toBe(3);
    expect((await finishedRuns(a, 1, account))[0]).toMatchObject({
      status: 'COMPLETED',
      chainDepth: 0,
    });
    expect((await finishedRuns(b, 1, account))[0]).toMatchObject({
      status: 'COMPLETED',
      chainDepth: 1,
    });
    expect((await finishedRuns(c, 1, account))[0]).toMatchObject({
      status: 'COMPLETED',
      chainDepth: 2,
    });
    expect(await tasksTitled(account.organizationId, 'chain-3')).toHaveLength(1);
    expect(await tasksTitled(account.organizationId, 'chain-4')).toEqual([]);
  });

  it('past the per-automation run rate cap, runs are recorded SKIPPED', async () => {
    const account = await registerUser(api);
    const id = await automation(
      {
        trigger: 'TASK_CREATED',
        condition: { all: [{ field: 'task.title', op: 'contains', value: 'flood' }] },
        actions: [{ action: 'CREATE_TASK', config: { title: 'handled {{task.title}}' } }],
      },
      account,
    );
    for (let i = 0; i < 6; i += 1) {
      await createTask(api, account.accessToken, { title: `flood ${i}` });
    }
    // 4 runs, then 2 skipped by the cap; the 4 created tasks ("handled flood i") are loop-skipped.
    const list = await finishedRuns(id, 10, account);
    const capped = list.filter((run) => run.skipReason?.startsWith('rate cap'));
    expect(list.filter((run) => run.status === 'COMPLETED')).toHaveLength(4);
    expect(capped).toHaveLength(2);
    expect(list.filter((run) => run.skipReason?.startsWith('loop guard'))).toHaveLength(4);
  });

  it('TASK_OVERDUE fires once per task and due date, cancelled by completion, moved by a new due date', async () => {
    const account = await registerUser(api);
    const id = await automation(
      {
        trigger: 'TASK_OVERDUE',
        actions: [{ action: 'CREATE_TASK', config: { title: 'overdue: {{task.title}}' } }],
      },
      account,
    );
    const soon = (ms: number): string => new Date(Date.now() + ms).toISOString();
    const plain = await createTask(api, account.accessToken, { title: 'plain', dueAt: soon(2000) });
    const done = await createTask(api, account.accessToken, { title: 'done', dueAt: soon(2000) });
    const moved = await createTask(api, account.accessToken, { title: 'moved', dueAt: soon(2000) });
    await gqlOk(api, UPDATE_TASK, { id: done.id, input: { status: 'DONE' } }, account.accessToken);
    const newDue = soon(6000);
    await gqlOk(api, UPDATE_TASK, { id: moved.id, input: { dueAt: newDue } }, account.accessToken);
    const [first] = await finishedRuns(id, 1, account);
    expect(first.event.task.id).toBe(plain.id);
    await sleep(3000);
    expect(await runs(id, account)).toHaveLength(1);
    const list = await finishedRuns(id, 2, account);
    expect(list[0].event.task).toMatchObject({
      id: moved.id,
      dueAt: new Date(newDue).toISOString(),
    });
    await sleep(3000);
    const final = await runs(id, account);
    expect(final).toHaveLength(2);
    expect(final.every((run) => run.event.task.id !== done.id)).toBe(true);
    expect(await tasksTitled(account.organizationId, 'overdue: plain')).toHaveLength(1);
  });

  it('CALENDAR_EVENT_STARTING fires once for the occurrence of a recurring event', async () => {
    const account = await registerUser(api);
    const id = await automation(
      {
        trigger: 'CALENDAR_EVENT_STARTING',
        triggerOptions: { minutesBefore: 2 },
        actions: [
          {
            action: 'CREATE_TASK',
            config: { title: 'prepare {{event.title}} at {{event.startsAt}}' },
          },
        ],
      },
      account,
    );
    // A daily series that began yesterday: today's occurrence starts in 2 min 3 s.
    const today = new Date(Date.now() + 123_000);
    today.setUTCMilliseconds(0);
    const yesterday = new Date(today.getTime() - 24 * 3600_000);
    const created = await gqlOk<any>(
      api,
      CREATE_EVENT,
      {
        input: {
          title: 'Standup',
          startsAt: yesterday.toISOString(),
          endsAt: new Date(yesterday.getTime() + 15 * 60_000).toISOString(),
          recurrence: 'FREQ=DAILY',
        },
      },
      account.accessToken,
    );
    const [run] = await finishedRuns(id, 1, account);
    expect(run.status).toBe('COMPLETED');
    expect(run.event).toMatchObject({
      minutesBefore: 2,
      event: { id: created.createEvent.id, title: 'Standup', startsAt: today.toISOString() },
    });
    await sleep(3000);
    expect(await runs(id, account)).toHaveLength(1);
  });

  it('CALL_SCORED with a condition score.overall < 60 runs only for low scores (built-in judge)', async () => {
    const account = await registerUser(api);
    const id = await automation(
      {
        trigger: 'CALL_SCORED',
        condition: { all: [{ field: 'score.overall', op: 'lt', value: 60 }] },
        actions: [
          {
            action: 'CREATE_TASK',
            config: { title: 'coach call {{call.id}} ({{score.overall}})' },
          },
        ],
      },
      account,
    );
    const high = await automation(
      {
        trigger: 'CALL_SCORED',
        condition: { all: [{ field: 'score.overall', op: 'gte', value: 101 }] },
        actions: [{ action: 'CREATE_TASK', config: { title: 'never' } }],
      },
      account,
    );
    const campaign = await createCampaign(api, account.accessToken);
    const call = await importCall(api, account.accessToken, {
      campaignId: campaign.id,
      transcript: [
        { speaker: 'AGENT', text: 'yeah', startSec: 0, endSec: 1 },
        { speaker: 'CUSTOMER', text: 'This is useless, I want to cancel.', startSec: 1, endSec: 4 },
      ],
    });
    const scored = await gqlOk<any>(
      api,
      SCORE_CALL,
      { callId: call.id, wait: true },
      account.accessToken,
    );
    const overall = scored.scoreCall.score.overall as number;
    expect(overall).toBeLessThan(60);
    const [run] = await finishedRuns(id, 1, account);
    expect(run.status).toBe('COMPLETED');
    expect(run.event.call.id).toBe(call.id);
    expect(run.event.score.overall).toBeCloseTo(overall, 5);
    await sleep(1000);
    expect(await runs(high, account)).toEqual([]);
  });

  it('a failed step is retried by retryAutomationRun without re-running succeeded steps; N failures in a row disable (audited)', async () => {
    const account = await registerUser(api);
    const [membership] = await api.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT * FROM membership WHERE organization_id = $1 AND user_id = $2`,
      [account.organizationId, account.userId],
    );
    // A second person: the assignee of step 2, removed and restored.
    const other = await registerUser(api);
    await api.dataSource.query(
      `INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, 'AGENT')`,
      [account.organizationId, other.userId],
    );
    expect(membership).toBeDefined();
    const id = await automation(
      {
        trigger: 'TASK_CREATED',
        condition: { all: [{ field: 'task.source', op: 'eq', value: 'WEB' }] },
        actions: [
          { action: 'CREATE_TASK', config: { title: 'step one for {{task.title}}' } },
          {
            action: 'CREATE_TASK',
            config: { title: 'step two for {{task.title}}', assigneeId: other.userId },
          },
        ],
      },
      account,
    );
    await api.dataSource.query(
      `DELETE FROM membership WHERE organization_id = $1 AND user_id = $2`,
      [account.organizationId, other.userId],
    );
    await createTask(api, account.accessToken, { title: 'first' });
    const [failed] = await finishedRuns(id, 1, account);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/step 2 \(CREATE_TASK\)/);
    expect(failed.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(failed.automation.consecutiveFailures).toBe(1);

    await api.dataSource.query(
      `INSERT INTO membership (organization_id, user_id, role) VALUES ($1, $2, 'AGENT')`,
      [account.organizationId, other.userId],
    );
    await gqlOk(api, RETRY_AUTOMATION_RUN, { id: failed.id }, account.accessToken);
    const retried = await eventually(
      async () => {
        const [run] = await runs(id, account);
        return run.status === 'COMPLETED' ? run : undefined;
      },
      { timeoutMs: 20_000, what: 'the retried run' },
    );
    expect(retried.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(retried.automation.consecutiveFailures).toBe(0);
    expect(await tasksTitled(account.organizationId, 'step one for first')).toHaveLength(1);
    expect(await tasksTitled(account.organizationId, 'step two for first')).toHaveLength(1);
    const again = await gqlError(api, RETRY_AUTOMATION_RUN, { id: failed.id }, account.accessToken);
    expect(again.extensions?.code).toBe('BAD_USER_INPUT');

    // Two failed runs in a row (AUTOMATION_MAX_CONSECUTIVE_FAILURES=2) disable it.
    await api.dataSource.query(
      `DELETE FROM membership WHERE organization_id = $1 AND user_id = $2`,
      [account.organizationId, other.userId],
    );
    await createTask(api, account.accessToken, { title: 'second' });
    await finishedRuns(id, 2, account);
    await createTask(api, account.accessToken, { title: 'third' });
    const list = await finishedRuns(id, 3, account);
    expect(list[0].status).toBe('FAILED');
    expect(list[0].automation.enabled).toBe(false);
    expect(list[0].automation.disabledReason).toMatch(/2 failed runs in a row/);
    const audit = await api.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_entry WHERE organization_id = $1 AND entity_id = $2`,
      [account.organizationId, id],
    );
    expect(audit.map((entry) => entry.action)).toContain('automation.disabled');
    await createTask(api, account.accessToken, { title: 'fourth' });
    await sleep(1500);
    expect(await runs(id, account)).toHaveLength(3);
  });
});
