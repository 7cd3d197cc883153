import { INestApplicationContext } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AUTOMATION_RUNS } from '../factories/automation.factory';
import {
  CREATE_EVENT,
  DELETE_EVENT,
  occurrences,
  UPDATE_EVENT,
} from '../factories/calendar.factory';
import {
  createGeofence,
  createVehicle,
  fleetAlerts,
  recordPositions,
  square,
  UPDATE_FLEET_SETTINGS,
} from '../factories/fleet.factory';
import {
  Account,
  addMemberWithRole,
  gqlError,
  gqlOk,
  registerUser,
  suffix,
} from '../factories/identity.factory';
import { createTask } from '../factories/task.factory';
import { FakeSlack } from '../fakes/slack.fake';
import { ReceivedRequest, WebhookReceiver } from '../fakes/webhook-receiver.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

/*
 * The run engine end to end with the real executors: automations defined
 * over GraphQL (createAutomation, checked by the real ActionRegistry),
 * triggered by real writes, run by a separate worker process against local
 * fakes (a webhook receiver the outbound guard lets through, the Slack
 * fake). Retries, Retry-After, a recurring event's 3rd occurrence,
 * FLEET_ALERT, a creator's lost role, and SSRF at creation and at delivery.
 * Loops, depth, overdue, rollback and auto-disable are the automation runs
 * spec's; each executor on its own is the automation actions spec's.
 */

const CREATE = `mutation ($input: CreateAutomationInput!) { createAutomation(input: $input) { id createdAt } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateAutomationInput!) { updateAutomation(id: $id, input: $input) { id } }`;
const ROTATE = `mutation ($automationId: ID!) {
  rotateAutomationWebhookSecret(automationId: $automationId) { secret } }`;
const UPDATE_ROLE = `mutation ($membershipId: ID!, $role: Role!) {
  updateMemberRole(membershipId: $membershipId, role: $role) { id role } }`;
const REMOVE_MEMBER = `mutation ($membershipId: ID!) { removeMember(membershipId: $membershipId) }`;

interface Step {
  index: number;
  action: string;
  status: string;
  attempts: number;
  error: string | null;
  output: Record<string, any> | null;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Run {
  id: string;
  status: string;
  error: string | null;
  skipReason: string | null;
  trigger: string;
  event: Record<string, any>;
  steps: Step[];
  automation: { id: string; enabled: boolean; consecutiveFailures: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('automation engine end to end (retries, Retry-After, schedules, alerts, rights, SSRF)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let receiver: WebhookReceiver;
  let slack: FakeSlack;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    slack = await new FakeSlack().start();
    const env = {
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_BASE_URL: undefined,
      SLACK_WEBHOOK_BASE_URL: slack.url,
      OUTBOUND_ALLOWED_HOSTS: `${process.env.OUTBOUND_ALLOWED_HOSTS},127.0.0.1:${receiver.port}`,
      AUTOMATION_SCHEDULE_INTERVAL_MS: '1000',
      AUTOMATION_STEP_RETRY_BASE_MS: '300',
      AUTOMATION_STEP_MAX_ATTEMPTS: '3',
      RECONCILE_GRACE_MS: '0',
    };
    api = await startApi({ env });
    worker = await startWorker({ env });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await Promise.all([receiver?.stop(), slack?.stop()]);
  });

  const create = async (
    account: Pick<Account, 'accessToken'>,
    input: Record<string, unknown>,
  ): Promise<{ id: string; createdAt: string }> =>
    (
      await gqlOk<{ createAutomation: { id: string; createdAt: string } }>(
        api,
        CREATE,
        { input: { name: `Automation ${suffix()}`, ...input } },
        account.accessToken,
      )
    ).createAutomation;

  const rotate = async (account: Pick<Account, 'accessToken'>, automationId: string) =>
    (
      await gqlOk<{ rotateAutomationWebhookSecret: { secret: string } }>(
        api,
        ROTATE,
        { automationId },
        account.accessToken,
      )
    ).rotateAutomationWebhookSecret.secret;

  const runs = async (automationId: string, account: Account): Promise<Run[]> =>
    (
      await gqlOk<{ automationRuns: Run[] }>(
        api,
        AUTOMATION_RUNS,
        { automationId, first: 50 },
        account.accessToken,
      )
    ).automationRuns;

  /** Waits until `automationId` has `count` runs, all finished; newest first. */
  const finishedRuns = (
    automationId: string,
    count: number,
    account: Account,
    timeoutMs = 45_000,
  ): Promise<Run[]> =>
    eventually(
      async () => {
        const list = await runs(automationId, account);
        return list.length >= count &&
          list.every((run) => ['COMPLETED', 'FAILED', 'SKIPPED'].includes(run.status))
          ? list
          : undefined;
      },
      { timeoutMs, intervalMs: 250, what: `${count} finished run(s)` },
    );

  const tasksTitled = async (organizationId: string, title: string): Promise<unknown[]> =>
    api.dataSource.query(
      `SELECT id FROM task WHERE organization_id = $1 AND title = $2 AND deleted_at IS NULL`,
      [organizationId, title],
    );

  const verify = (secret: string, request: ReceivedRequest) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    }) as { type: string; data: { runId: string; event: Record<string, any> } };

  it('a webhook answering 500 once is retried and succeeds; the steps before it ran exactly once', async () => {
    const account = await registerUser(api);
    const path = `/retry-${suffix()}`;
    const hook = `T${suffix()}/B1/${suffix()}`;
    const { id } = await create(account, {
      trigger: 'TASK_CREATED',
      condition: { all: [{ field: 'task.source', op: 'eq', value: 'WEB' }] },
      actions: [
        { action: 'CREATE_TASK', config: { title: 'follow up {{task.title}}' } },
        {
          action: 'NOTIFY_SLACK',
          config: {
            text: 'new task {{task.title}}',
            url: `https://hooks.slack.com/services/${hook}`,
          },
        },
        { action: 'CALL_WEBHOOK', config: { url: `${receiver.url}${path}` } },
      ],
    });
    const secret = await rotate(account, id);
    receiver.answer(path, { status: 500, body: 'database on fire' });
    const task = await createTask(api, account.accessToken, { title: 'flaky receiver' });

    const [run] = await finishedRuns(id, 1, account);
    expect(run.status).toBe('COMPLETED');
    expect(run.error).toBeNull();
    expect(run.steps.map((step) => [step.action, step.status, step.attempts])).toEqual([
      ['CREATE_TASK', 'SUCCEEDED', 1],
      ['NOTIFY_SLACK', 'SUCCEEDED', 1],
      ['CALL_WEBHOOK', 'SUCCEEDED', 2],
    ]);
    expect(run.steps[2].output).toEqual({ status: 204, webhookId: `msg_${run.id}_2` });
    // Step 1 and 2 once: one task, one Slack post.
    expect(await tasksTitled(account.organizationId, 'follow up flaky receiver')).toHaveLength(1);
    expect(slack.posts.filter((post) => post.path === `/services/${hook}`)).toEqual([
      {
        path: `/services/${hook}`,
        body: expect.objectContaining({ text: 'new task flaky receiver' }),
      },
    ]);
    // The receiver saw the same signed message twice (500, then 204).
    const deliveries = receiver.to(path);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.map((request) => request.headers['webhook-id'])).toEqual([
      `msg_${run.id}_2`,
      `msg_${run.id}_2`,
    ]);
    for (const request of deliveries) {
      const payload = verify(secret, request);
      expect(payload.type).toBe('automation.task_created');
      expect(payload.data.runId).toBe(run.id);
      expect(payload.data.event.task).toMatchObject({ id: task.id, title: 'flaky receiver' });
    }
    await sleep(2000);
    expect(receiver.to(path)).toHaveLength(2);
    expect(await runs(id, account)).toHaveLength(1);
    expect(await tasksTitled(account.organizationId, 'follow up flaky receiver')).toHaveLength(1);
  });

  it('a 429 with Retry-After: 2 is retried no sooner than 2 s later, then succeeds', async () => {
    const account = await registerUser(api);
    const path = `/busy-${suffix()}`;
    const { id } = await create(account, {
      trigger: 'TASK_CREATED',
      actions: [{ action: 'CALL_WEBHOOK', config: { url: `${receiver.url}${path}` } }],
    });
    const secret = await rotate(account, id);
    receiver.answer(path, { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' });
    await createTask(api, account.accessToken, { title: 'rate limited receiver' });

    const [run] = await finishedRuns(id, 1, account);
    expect(run.status).toBe('COMPLETED');
    expect(run.steps[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
    const [first, second] = receiver.to(path);
    expect(receiver.to(path)).toHaveLength(2);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const gap = second.at - first.at;
    // The back-off base here is 300 ms: only Retry-After explains a 2 s wait.
    expect(gap).toBeGreaterThanOrEqual(2000);
    expect(gap).toBeLessThan(20_000);
    // Each attempt is signed at its own time.
    expect(Number(second.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(
      Number(first.headers['webhook-timestamp']) + 1,
    );
    expect(verify(secret, second).data.runId).toBe(run.id);
  });

  it('a Retry-After of two hours is honoured in full: the next attempt is scheduled no sooner', async () => {
    const account = await registerUser(api);
    const path = `/later-${suffix()}`;
    const { id } = await create(account, {
      trigger: 'TASK_CREATED',
      actions: [{ action: 'CALL_WEBHOOK', config: { url: `${receiver.url}${path}` } }],
    });
    await rotate(account, id);
    receiver.answer(path, { status: 503, headers: { 'retry-after': '7200' } });
    const before = Date.now();
    await createTask(api, account.accessToken, { title: 'come back later' });
    const run = await eventually(
      async () => {
        const [one] = await runs(id, account);
        return one?.steps[0].status === 'RETRYING' ? one : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the step waiting for its retry' },
    );
    expect(run.status).toBe('QUEUED');
    expect(run.steps[0]).toMatchObject({ attempts: 1, error: `${receiver.url} answered 503` });
    const next = new Date((run.steps[0] as Step & { nextAttemptAt: string }).nextAttemptAt);
    expect(next.getTime()).toBeGreaterThanOrEqual(before + 7200_000);
    expect(next.getTime()).toBeLessThan(Date.now() + 7200_000 + 60_000);
    // Its execute-run job leaves the outbox at that time, not before.
    const jobs = await api.dataSource.query<Array<{ available_at: Date }>>(
      `SELECT available_at FROM outbox_event
        WHERE organization_id = $1 AND queue = 'automations' AND job_name = 'execute-run'
          AND payload->>'runId' = $2 AND published_at IS NULL`,
      [account.organizationId, run.id],
    );
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0].available_at).getTime()).toBe(next.getTime());
    await sleep(2000);
    expect(receiver.to(path)).toHaveLength(1);
  });

  it('CALENDAR_EVENT_STARTING fires once for the 3rd occurrence of a weekly series', async () => {
    const account = await registerUser(api);
    const { id } = await create(account, {
      trigger: 'CALENDAR_EVENT_STARTING',
      triggerOptions: { minutesBefore: 5 },
      actions: [
        { action: 'CREATE_TASK', config: { title: 'prepare {{event.title}} {{event.startsAt}}' } },
      ],
    });
    // Weekly, three occurrences: the first two weeks ago, the 3rd in 5 min 4 s.
    const third = new Date(Date.now() + 5 * 60_000 + 4_000);
    third.setUTCMilliseconds(0);
    const week = 7 * 24 * 3600_000;
    const first = new Date(third.getTime() - 2 * week);
    const created = await gqlOk<{ createEvent: { id: string } }>(
      api,
      CREATE_EVENT,
      {
        input: {
          title: 'Weekly review',
          startsAt: first.toISOString(),
          endsAt: new Date(first.getTime() + 30 * 60_000).toISOString(),
          timezone: 'UTC',
          recurrence: 'FREQ=WEEKLY;COUNT=3',
        },
      },
      account.accessToken,
    );
    const seriesId = created.createEvent.id;
    const listed = await occurrences(
      api,
      account.accessToken,
      new Date(first.getTime() - 60_000).toISOString(),
      new Date(third.getTime() + 3 * week).toISOString(),
    );
    expect(listed.map((occurrence) => occurrence.startsAt)).toEqual([
      first.toISOString(),
      new Date(first.getTime() + week).toISOString(),
      third.toISOString(),
    ]);

    const [run] = await finishedRuns(id, 1, account, 60_000);
    expect(run.status).toBe('COMPLETED');
    expect(run.trigger).toBe('CALENDAR_EVENT_STARTING');
    expect(run.event).toMatchObject({
      minutesBefore: 5,
      event: {
        id: seriesId,
        title: 'Weekly review',
        startsAt: third.toISOString(),
        endsAt: new Date(third.getTime() + 30 * 60_000).toISOString(),
      },
    });
    const [{ event_key: eventKey }] = await api.dataSource.query<Array<{ event_key: string }>>(
      'SELECT event_key FROM automation_run WHERE id = $1',
      [run.id],
    );
    expect(eventKey).toBe(`event:${seriesId}:${third.toISOString()}`);
    // Several scans later, still one run (and one task).
    await sleep(4000);
    expect(await runs(id, account)).toHaveLength(1);
    expect(
      await tasksTitled(account.organizationId, `prepare Weekly review ${third.toISOString()}`),
    ).toHaveLength(1);
  });

  it('CALENDAR_EVENT_STARTING: a cancelled 3rd occurrence fires nothing, a moved one fires once at its new time', async () => {
    const account = await registerUser(api);
    const { id } = await create(account, {
      trigger: 'CALENDAR_EVENT_STARTING',
      triggerOptions: { minutesBefore: 5 },
      actions: [{ action: 'CREATE_TASK', config: { title: 'prepare {{event.title}}' } }],
    });
    const week = 7 * 24 * 3600_000;
    const third = new Date(Date.now() + 5 * 60_000 + 4_000);
    third.setUTCMilliseconds(0);
    const first = new Date(third.getTime() - 2 * week);
    const series = async (title: string): Promise<string> =>
      (
        await gqlOk<{ createEvent: { id: string } }>(
          api,
          CREATE_EVENT,
          {
            input: {
              title,
              startsAt: first.toISOString(),
              endsAt: new Date(first.getTime() + 30 * 60_000).toISOString(),
              timezone: 'UTC',
              recurrence: 'FREQ=WEEKLY',
            },
          },
          account.accessToken,
        )
      ).createEvent.id;
    const cancelled = await series('Cancelled review');
    const moved = await series('Moved review');
    await gqlOk(
      api,
      DELETE_EVENT,
      { id: cancelled, occurrenceStartsAt: third.toISOString() },
      account.accessToken,
    );
    // The 3rd occurrence of the other series 20 s later (its start - 5 min: in ~24 s).
    const later = new Date(third.getTime() + 20_000);
    await gqlOk(
      api,
      UPDATE_EVENT,
      {
        id: moved,
        occurrenceStartsAt: third.toISOString(),
        input: {
          title: 'Moved review (moved)',
          startsAt: later.toISOString(),
          endsAt: new Date(later.getTime() + 30 * 60_000).toISOString(),
        },
      },
      account.accessToken,
    );
    const [run] = await finishedRuns(id, 1, account, 90_000);
    expect(run.status).toBe('COMPLETED');
    expect(run.event).toMatchObject({
      event: { id: moved, title: 'Moved review (moved)', startsAt: later.toISOString() },
    });
    // Past both the original and the new time (plus scans): nothing more.
    await sleep(4000);
    expect(await runs(id, account)).toHaveLength(1);
    expect(await tasksTitled(account.organizationId, 'prepare Cancelled review')).toEqual([]);
    expect(await tasksTitled(account.organizationId, 'prepare Moved review (moved)')).toHaveLength(
      1,
    );
  });

  it('FLEET_ALERT runs the automation whose condition matches the alert, and not the others', async () => {
    const account = await registerUser(api);
    await gqlOk(
      api,
      UPDATE_FLEET_SETTINGS,
      { input: { speedingMinSeconds: 10 } },
      account.accessToken,
    );
    const critical = await create(account, {
      trigger: 'FLEET_ALERT',
      condition: {
        all: [
          { field: 'alert.kind', op: 'eq', value: 'SPEEDING' },
          { field: 'alert.severity', op: 'eq', value: 'CRITICAL' },
        ],
      },
      actions: [
        {
          action: 'CREATE_TASK',
          config: { title: 'call the driver of {{vehicle.name}}: {{alert.message}}' },
        },
      ],
    });
    const warnings = await create(account, {
      trigger: 'FLEET_ALERT',
      condition: {
        all: [
          { field: 'alert.kind', op: 'eq', value: 'SPEEDING' },
          { field: 'alert.severity', op: 'in', value: ['INFO', 'WARNING'] },
        ],
      },
      actions: [{ action: 'CREATE_TASK', config: { title: 'never: {{alert.message}}' } }],
    });
    const entering = await create(account, {
      trigger: 'FLEET_ALERT',
      condition: { all: [{ field: 'alert.kind', op: 'eq', value: 'GEOFENCE_ENTER' }] },
      actions: [
        { action: 'CREATE_TASK', config: { title: '{{vehicle.name}} at {{geofence.name}}' } },
      ],
    });
    await createGeofence(api, account.accessToken, 'Depot', square(7.01, 45, 0.005));
    const vehicle = await createVehicle(api, account.accessToken, {
      name: 'Truck 7',
      speedLimitKph: 80,
    });
    // Into the depot (from lng 7.006), at 110 km/h (≥ 1.25 × 80: CRITICAL) for 15 s.
    const start = new Date(Date.now() - 5 * 60_000);
    await recordPositions(
      api,
      account.accessToken,
      Array.from({ length: 5 }, (_, index) => ({
        vehicleId: vehicle.id,
        at: new Date(start.getTime() + index * 5_000),
        lat: 45,
        lng: 7.0 + index * 0.002,
        speedKph: index === 0 ? 30 : 110,
      })),
    );
    const alerts = await fleetAlerts(api, account.accessToken, { vehicleId: vehicle.id });
    expect(alerts.map((alert) => [alert.kind, alert.severity]).sort()).toEqual([
      ['GEOFENCE_ENTER', 'INFO'],
      ['SPEEDING', 'CRITICAL'],
    ]);
    const speeding = alerts.find((alert) => alert.kind === 'SPEEDING')!;

    const [run] = await finishedRuns(critical.id, 1, account);
    expect(run.status).toBe('COMPLETED');
    expect(run.trigger).toBe('FLEET_ALERT');
    expect(run.event).toMatchObject({
      alert: { id: speeding.id, kind: 'SPEEDING', severity: 'CRITICAL', message: speeding.message },
      vehicle: { id: vehicle.id, name: 'Truck 7' },
    });
    expect(run.event.geofence).toBeUndefined(); // absent, not null
    expect(
      await tasksTitled(account.organizationId, `call the driver of Truck 7: ${speeding.message}`),
    ).toHaveLength(1);
    const [entered] = await finishedRuns(entering.id, 1, account);
    expect(entered.status).toBe('COMPLETED');
    expect(entered.event.geofence).toEqual({ name: 'Depot' });
    expect(await tasksTitled(account.organizationId, 'Truck 7 at Depot')).toHaveLength(1);
    await sleep(1500);
    expect(await runs(critical.id, account)).toHaveLength(1);
    expect(await runs(entering.id, account)).toHaveLength(1);
    expect(await runs(warnings.id, account)).toEqual([]);
  });

  it('a creator demoted to AGENT, or removed, makes the next run fail readably with no step performed', async () => {
    const owner = await registerUser(api);
    const demoted = await addMemberWithRole(api, owner, 'SUPERVISOR');
    const removed = await addMemberWithRole(api, owner, 'SUPERVISOR');
    const path = `/rights-${suffix()}`;
    const define = async (creator: Account, label: string) => {
      const { id } = await create(creator, {
        trigger: 'TASK_CREATED',
        condition: { all: [{ field: 'task.source', op: 'eq', value: 'WEB' }] },
        actions: [
          { action: 'CREATE_TASK', config: { title: `${label} for {{task.title}}` } },
          { action: 'CALL_WEBHOOK', config: { url: `${receiver.url}${path}` } },
        ],
      });
      await rotate(creator, id);
      return id;
    };
    const byDemoted = await define(demoted, 'demoted');
    const byRemoved = await define(removed, 'removed');

    // While both have the role, their automations run.
    await createTask(api, owner.accessToken, { title: 'before' });
    expect((await finishedRuns(byDemoted, 1, owner))[0].status).toBe('COMPLETED');
    expect((await finishedRuns(byRemoved, 1, owner))[0].status).toBe('COMPLETED');
    expect(receiver.to(path)).toHaveLength(2);

    await gqlOk(
      api,
      UPDATE_ROLE,
      { membershipId: demoted.membershipId, role: 'AGENT' },
      owner.accessToken,
    );
    await gqlOk(api, REMOVE_MEMBER, { membershipId: removed.membershipId }, owner.accessToken);
    await createTask(api, owner.accessToken, { title: 'after' });

    const [lost] = await finishedRuns(byDemoted, 2, owner);
    expect(lost.status).toBe('FAILED');
    expect(lost.error).toBe(
      "the automation's creator (now AGENT) no longer has automations:manage",
    );
    expect(lost.steps.map((step) => [step.status, step.attempts])).toEqual([
      ['SKIPPED', 0],
      ['SKIPPED', 0],
    ]);
    expect(lost.automation.consecutiveFailures).toBe(1);
    const [gone] = await finishedRuns(byRemoved, 2, owner);
    expect(gone.status).toBe('FAILED');
    expect(gone.error).toBe("the automation's creator is no longer a member of the organization");
    expect(gone.steps.every((step) => step.status === 'SKIPPED' && step.attempts === 0)).toBe(true);

    await sleep(1000);
    expect(await tasksTitled(owner.organizationId, 'demoted for after')).toEqual([]);
    expect(await tasksTitled(owner.organizationId, 'removed for after')).toEqual([]);
    expect(receiver.to(path)).toHaveLength(2);
    // The demoted creator can no longer see or touch it; the owner still can.
    const forbidden = await gqlError(
      api,
      AUTOMATION_RUNS,
      { automationId: byDemoted },
      demoted.accessToken,
    );
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('a creator demoted while a step waits for its retry: the retry fails the run readably, the step is not sent again', async () => {
    const owner = await registerUser(api);
    const supervisor = await addMemberWithRole(api, owner, 'SUPERVISOR');
    const path = `/demoted-meanwhile-${suffix()}`;
    const { id } = await create(supervisor, {
      trigger: 'TASK_CREATED',
      condition: { all: [{ field: 'task.source', op: 'eq', value: 'WEB' }] },
      actions: [
        { action: 'CREATE_TASK', config: { title: 'first step for {{task.title}}' } },
        { action: 'CALL_WEBHOOK', config: { url: `${receiver.url}${path}` } },
      ],
    });
    await rotate(supervisor, id);
    receiver.answer(path, { status: 503, headers: { 'retry-after': '4' } });
    await createTask(api, owner.accessToken, { title: 'meanwhile' });
    const waiting = await eventually(
      async () => {
        const [one] = await runs(id, owner);
        return one?.steps[1]?.status === 'RETRYING' ? one : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the webhook step waiting for its retry' },
    );
    expect(waiting.steps[0].status).toBe('SUCCEEDED');
    await gqlOk(
      api,
      UPDATE_ROLE,
      { membershipId: supervisor.membershipId, role: 'AGENT' },
      owner.accessToken,
    );
    const [run] = await finishedRuns(id, 1, owner);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe("the automation's creator (now AGENT) no longer has automations:manage");
    expect(run.steps.map((step) => [step.status, step.attempts])).toEqual([
      ['SUCCEEDED', 1],
      ['SKIPPED', 1],
    ]);
    await sleep(1500);
    expect(receiver.to(path)).toHaveLength(1);
    expect(await tasksTitled(owner.organizationId, 'first step for meanwhile')).toHaveLength(1);
  });

  describe('SSRF', () => {
    const DESTINATIONS = [
      'http://127.0.0.1/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://0x7f000001/hook', // 127.0.0.1 spelled in hex
      'https://192.168.1.10/hook',
      'http://example.com/hook', // not https
    ];

    it('refuses internal and non-https webhook URLs at creation and update, with the field path, storing nothing', async () => {
      const account = await registerUser(api);
      const count = async (): Promise<number> =>
        Number(
          (
            await api.dataSource.query<Array<{ count: string }>>(
              'SELECT count(*) FROM automation WHERE organization_id = $1',
              [account.organizationId],
            )
          )[0].count,
        );
      for (const url of DESTINATIONS) {
        const error = await gqlError(
          api,
          CREATE,
          {
            input: {
              name: 'exfiltrate',
              trigger: 'TASK_CREATED',
              actions: [
                { action: 'CREATE_TASK', config: { title: 'fine' } },
                { action: 'CALL_WEBHOOK', config: { url } },
              ],
            },
          },
          account.accessToken,
        );
        expect({ url, code: error.code }).toEqual({ url, code: 'BAD_USER_INPUT' });
        const fields = error.extensions.fields as Array<{ path: string; message: string }>;
        expect({ url, paths: fields.map((field) => field.path) }).toEqual({
          url,
          paths: ['input.actions.1.config.url'],
        });
      }
      expect(await count()).toBe(0);

      // Nor can an existing automation be pointed there.
      const good = `${receiver.url}/fine-${suffix()}`;
      const { id } = await create(account, {
        trigger: 'TASK_CREATED',
        actions: [{ action: 'CALL_WEBHOOK', config: { url: good } }],
      });
      for (const url of DESTINATIONS) {
        const error = await gqlError(
          api,
          UPDATE,
          { id, input: { actions: [{ action: 'CALL_WEBHOOK', config: { url } }] } },
          account.accessToken,
        );
        expect({ url, code: error.code }).toEqual({ url, code: 'BAD_USER_INPUT' });
        expect(
          (error.extensions.fields as Array<{ path: string }>).map((field) => field.path),
        ).toEqual(['input.actions.0.config.url']);
      }
      const [row] = await api.dataSource.query<Array<{ actions: unknown }>>(
        'SELECT actions FROM automation WHERE id = $1',
        [id],
      );
      expect(row.actions).toEqual([{ action: 'CALL_WEBHOOK', config: { url: good } }]);
      const audit = await api.dataSource.query<Array<{ action: string }>>(
        'SELECT action FROM audit_entry WHERE organization_id = $1 AND entity_id = $2',
        [account.organizationId, id],
      );
      expect(audit.map((entry) => entry.action)).toEqual(['automation.created']);
    });

    it('refuses at delivery a name that resolves to a loopback address: the step fails, final and readable, nothing sent', async () => {
      const account = await registerUser(api);
      const path = `/rebound-${suffix()}`;
      // `localhost` is a name: it passes creation, and is resolved and refused at connect time.
      const { id } = await create(account, {
        trigger: 'TASK_CREATED',
        condition: { all: [{ field: 'task.source', op: 'eq', value: 'WEB' }] },
        actions: [
          { action: 'CALL_WEBHOOK', config: { url: `https://localhost:${receiver.port}${path}` } },
          { action: 'CREATE_TASK', config: { title: 'after the hook {{task.title}}' } },
        ],
      });
      await rotate(account, id);
      await createTask(api, account.accessToken, { title: 'probe' });
      const [run] = await finishedRuns(id, 1, account);
      expect(run.status).toBe('FAILED');
      expect(run.steps.map((step) => [step.status, step.attempts])).toEqual([
        ['FAILED', 1],
        ['SKIPPED', 0],
      ]);
      expect(run.steps[0].error).toMatch(/refused: localhost .*loopback/);
      expect(run.error).toMatch(/^step 1 \(CALL_WEBHOOK\): .*refused: localhost/);
      expect(run.error).not.toContain(path);
      await sleep(1500);
      expect(receiver.to(path)).toEqual([]);
      expect(await runs(id, account)).toHaveLength(1);
      expect(await tasksTitled(account.organizationId, 'after the hook probe')).toEqual([]);
    });
  });
});
