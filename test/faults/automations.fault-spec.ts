import { readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { QueueName } from '@/messaging/queue-names';
import { createTeam, gqlOk, suffix } from '../factories/identity.factory';
import { PhoneOrganization, phoneOrganization } from '../factories/phone.factory';
import { SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_PUBLIC_URL } from '../factories/sms.factory';
import { createTask } from '../factories/task.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import { tally } from './harness/scoring';

/** Triggering events (tasks created); FAULTS_AUTOMATION_EVENTS scales it (a multiple of 4). */
const EVENTS = Number(process.env.FAULTS_AUTOMATION_EVENTS ?? 60);
/** The run lease of the suite: a run whose worker died is taken up again after it. */
const LEASE_MS = 12_000;

const CREATE_AUTOMATION = `mutation ($input: CreateAutomationInput!) {
  createAutomation(input: $input) { id } }`;
const ROTATE = `mutation ($automationId: ID!) {
  rotateAutomationWebhookSecret(automationId: $automationId) { secret } }`;

interface Delivery {
  id: string;
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver as the Standard Webhooks contract describes it: it
 * records every request and answers 204. `holdNext(n)` keeps the next n
 * requests waiting for `release()` (a slow receiver), so the worker can be
 * caught between the receiver's answer and the run's record of it.
 */
class Receiver {
  readonly deliveries: Delivery[] = [];
  private server: Server | undefined;
  private holding = 0;
  private readonly held: ServerResponse[] = [];
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.deliveries.push({
          id: String(request.headers['webhook-id']),
          at: Date.now(),
          headers: request.headers,
          body,
        });
        if (this.holding > 0) {
          this.holding -= 1;
          this.held.push(response);
          return;
        }
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/switchboard`;
  }

  holdNext(count: number): void {
    this.holding = count;
  }

  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    this.holding = 0;
    for (const response of this.held.splice(0)) {
      if (!response.destroyed) response.writeHead(204).end();
    }
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A connection of the test's own that holds row locks in an open transaction. */
class Locker {
  private client: Client | undefined;

  constructor(private readonly url: string) {}

  async lock(sql: string, params: unknown[]): Promise<number> {
    this.client = new Client({ connectionString: this.url });
    // The cluster is closed under it when a failed test ends.
    this.client.on('error', () => undefined);
    await this.client.connect();
    await this.client.query('BEGIN');
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }

  async release(): Promise<void> {
    if (!this.client) return;
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
    this.client = undefined;
  }
}

/**
 * An automation on TASK_CREATED with three steps — CREATE_TASK, SEND_SMS
 * (to a member, through the fake Twilio) and CALL_WEBHOOK (to a local
 * receiver verifying Standard Webhooks signatures) — while EVENTS tasks are
 * created, the worker is SIGKILLed twice and Redis restarted empty once.
 *
 * The kills land on purpose between a step's side effect and the run's
 * record of it: the test holds a lock the step's write needs (the team row
 * for the task insert, the member's user row for the message insert; a slow
 * receiver for the webhook), then locks the runs and lets the effects
 * commit, so the workers are stuck recording them when they die. The third
 * batch of events is created with no worker running and its jobs wiped from
 * Redis, for the reconciler to re-send.
 *
 * Afterwards: one run per event, every run COMPLETED with its three steps
 * SUCCEEDED, one task and one text per run, every webhook-id delivered with
 * the same signed body and never after its step was recorded, and the
 * reconciler re-sent the lost dispatches and runs.
 */
describe(`fault: ${EVENTS} automation runs with the worker killed twice mid-step and Redis restarted empty`, () => {
  let world: FaultEnvironment;
  let twilio: FakeTwilio;
  let receiver: Receiver;
  let org: PhoneOrganization;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    twilio = await new FakeTwilio(SMS_ACCOUNT_SID, SMS_AUTH_TOKEN).start();
    twilio.ownsEveryNumber = true;
    receiver = await new Receiver().start();
    world = await FaultEnvironment.start({
      env: {
        TWILIO_ACCOUNT_SID: SMS_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: SMS_AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        PUBLIC_URL: SMS_PUBLIC_URL,
        ANTHROPIC_API_KEY: '',
        OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
        AUTOMATION_RUN_LEASE_MS: String(LEASE_MS),
        AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION: '10000',
        AUTOMATION_RUNS_PER_MINUTE_PER_ORGANIZATION: '100000',
        RECONCILE_GRACE_MS: '5000',
        WORKER_CONCURRENCY: '8',
        ORG_JOB_CONCURRENCY: '8',
      },
    });
    // Invitations (the dispatcher joins by one) go to this world's SMTP catcher.
    process.env.E2E_MAIL_DIR = join(world.dir, 'mail');
    org = await phoneOrganization(world.api, { dispatcher: ['AGENT', '6284'] });
  });
  afterAll(async () => {
    console.log(`automations fault figures: ${JSON.stringify(figures)}`);
    await world?.close();
    await twilio?.stop();
    await receiver?.stop();
  });

  it('runs each event once, completes every run, and repeats no step after its success', async () => {
    const owner = org.owner;
    const dispatcher = org.members.dispatcher;
    const team = await createTeam(world.api, owner);
    const { createAutomation } = await gqlOk<{ createAutomation: { id: string } }>(
      world.api,
      CREATE_AUTOMATION,
      {
        input: {
          name: 'Unload every truck',
          trigger: 'TASK_CREATED',
          condition: { all: [{ field: 'task.source', op: 'neq', value: 'AUTOMATION' }] },
          actions: [
            {
              action: 'CREATE_TASK',
              config: { title: 'Unload {{task.title}}', teamId: team.id },
            },
            {
              action: 'SEND_SMS',
              config: { userId: dispatcher.userId, body: 'Unload {{task.title}}' },
            },
            {
              action: 'CALL_WEBHOOK',
              config: { url: receiver.url, body: { title: '{{task.title}}' } },
            },
          ],
        },
      },
      owner.accessToken,
    );
    const automationId = createAutomation.id;
    const { rotateAutomationWebhookSecret } = await gqlOk<{
      rotateAutomationWebhookSecret: { secret: string };
    }>(world.api, ROTATE, { automationId }, owner.accessToken);
    const secret = rotateAutomationWebhookSecret.secret;

    const tag = suffix();
    const titles: string[] = [];
    const events = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i += 1) {
        const title = `Truck ${tag} bay ${i}`;
        titles.push(title);
        await createTask(world.api, owner.accessToken, { title });
      }
    };
    /** Backends of the application waiting for a lock in a statement matching `like`. */
    const waitingOn = async (like: string): Promise<number> => {
      const [{ n }] = await world.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query ILIKE $1`,
        [like],
      );
      return n;
    };
    /** Runs whose step `index` has made its effect while the run does not say SUCCEEDED yet. */
    const inWindow = async (index: 0 | 1): Promise<number> => {
      const sql =
        index === 0
          ? `SELECT COUNT(*)::int AS n FROM task t JOIN automation_run r ON r.id = t.automation_run_id
              WHERE r.automation_id = $1 AND r.steps->0->>'status' <> 'SUCCEEDED'`
          : `SELECT COUNT(*)::int AS n FROM phone_message m JOIN automation_run r
                ON m.idempotency_key = 'automation:' || r.id || ':1'
              WHERE r.automation_id = $1 AND r.steps->1->>'status' <> 'SUCCEEDED'`;
      const [{ n }] = await world.query<{ n: number }>(sql, [automationId]);
      return n;
    };
    const effects = new Locker(world.databaseUrl);
    const runs = new Locker(world.databaseUrl);
    const lockRuns = () =>
      runs.lock(`SELECT id FROM automation_run WHERE automation_id = $1 FOR UPDATE`, [
        automationId,
      ]);
    const quarter = EVENTS / 4;

    // --- Kill 1: workers stuck recording CREATE_TASK's task and CALL_WEBHOOK's answered request.
    receiver.holdNext(3);
    await events(0, quarter);
    await waitFor(() => (receiver.waiting >= 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'a webhook request held at the receiver',
    });
    await effects.lock(`SELECT id FROM team WHERE id = $1 FOR UPDATE`, [team.id]);
    await events(quarter, 2 * quarter);
    // TaskTreeRepository.insertLast's statement (`INSERT INTO task AS "task" …`).
    await waitFor(
      async () => ((await waitingOn('%INSERT INTO task AS "task"%')) >= 1 ? true : undefined),
      { timeoutMs: 60_000, what: 'a CREATE_TASK insert waiting for the team row' },
    );
    await lockRuns();
    await effects.release();
    const heldWebhooks = receiver.waiting;
    receiver.release();
    figures.createTaskInWindowAtKill1 = await waitFor(
      async () => {
        const n = await inWindow(0);
        return n >= 1 && (await waitingOn('%automation_run%')) >= 1 ? n : undefined;
      },
      { timeoutMs: 30_000, what: 'a committed task whose run has not recorded it' },
    );
    await sleep(1000);
    figures.createTaskInWindowAtKill1 = await inWindow(0);
    figures.webhooksAnsweredUnrecordedAtKill1 = heldWebhooks;
    await world.worker.kill();
    await runs.release();
    await world.worker.start();

    // --- Kill 2: workers stuck recording SEND_SMS's queued message.
    await effects.lock(`SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, [dispatcher.userId]);
    await events(2 * quarter, 3 * quarter);
    await waitFor(
      async () => ((await waitingOn('%INSERT INTO "phone_message"%')) >= 1 ? true : undefined),
      { timeoutMs: 60_000, what: 'a SEND_SMS insert waiting for the member row' },
    );
    await lockRuns();
    await effects.release();
    await waitFor(
      async () => {
        const n = await inWindow(1);
        return n >= 1 && (await waitingOn('%automation_run%')) >= 1 ? n : undefined;
      },
      { timeoutMs: 30_000, what: 'a queued message whose run has not recorded it' },
    );
    await sleep(1000);
    figures.sendSmsInWindowAtKill2 = await inWindow(1);
    await world.worker.kill();
    await runs.release();

    // --- No worker: the last events' jobs reach Redis, which then restarts empty.
    await events(3 * quarter, EVENTS);
    const queue = new Queue(QueueName.Automations, {
      prefix: world.bullPrefix,
      connection: { host: '127.0.0.1', port: world.redis.port, maxRetriesPerRequest: 1 },
    });
    try {
      figures.automationJobsWipedFromRedis = await waitFor(
        async () => {
          const [{ due }] = await world.query<{ due: number }>(
            `SELECT COUNT(*)::int AS due FROM outbox_event
              WHERE published_at IS NULL AND available_at <= now()`,
          );
          // dispatch-event jobs wait behind started runs (prioritized), not in the plain list.
          const waiting = await queue.getJobCountByTypes('waiting', 'prioritized');
          return due === 0 && waiting >= quarter ? waiting : undefined;
        },
        { timeoutMs: 60_000, what: 'the last events’ jobs waiting in Redis with no worker' },
      );
    } finally {
      await queue.close();
    }
    await world.redis.shutdownNosave();
    await sleep(2000);
    await world.redis.start();
    await world.worker.start();

    const state = () =>
      world.query<{
        id: string;
        status: string;
        event_task: string;
        steps: Array<{
          status: string;
          attempts: number;
          finishedAt: string | null;
          output: Record<string, any> | null;
        }>;
      }>(
        `SELECT id, status, event->'task'->>'title' AS event_task, steps
           FROM automation_run WHERE automation_id = $1`,
        [automationId],
      );
    await waitFor(
      async () => {
        const rows = await state();
        return rows.length === EVENTS && rows.every((row) => row.status === 'COMPLETED')
          ? true
          : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 2000, what: `all ${EVENTS} runs to complete` },
    ).catch(async (error: Error) => {
      const rows = await state();
      throw new Error(
        `${error.message}: ${rows.length} runs, ${JSON.stringify(tally(rows, 'status'))}\n${world.describe()}`,
      );
    });

    // One run per event, each COMPLETED with every step SUCCEEDED.
    const rows = await state();
    expect(rows.map((row) => row.event_task).sort()).toEqual([...titles].sort());
    for (const row of rows) {
      expect(row.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    }
    const [{ skipped }] = await world.query<{ skipped: number }>(
      `SELECT COUNT(*)::int AS skipped FROM automation_run WHERE automation_id = $1 AND status <> 'COMPLETED'`,
      [automationId],
    );
    expect(skipped).toBe(0);

    // CREATE_TASK: one task per run, the one its step names.
    const tasks = await world.query<{ id: string; title: string; run: string | null }>(
      `SELECT id, title, automation_run_id AS run FROM task
        WHERE organization_id = $1 AND title LIKE 'Unload %'`,
      [owner.organizationId],
    );
    expect(tasks).toHaveLength(EVENTS);
    for (const row of rows) {
      const mine = tasks.filter((task) => task.title === `Unload ${row.event_task}`);
      expect(mine.map(({ id, run }) => ({ id, run }))).toEqual([
        { id: row.steps[0].output!.taskId, run: row.id },
      ]);
    }

    // SEND_SMS: one message per run, SENT, and one text at Twilio per run.
    await waitFor(
      async () => {
        const [{ open }] = await world.query<{ open: number }>(
          `SELECT COUNT(*)::int AS open FROM phone_message
            WHERE organization_id = $1 AND direction = 'OUTBOUND' AND status <> 'SENT'`,
          [owner.organizationId],
        );
        return open === 0 ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'every text to be SENT' },
    );
    const messages = await world.query<{ id: string; body: string }>(
      `SELECT id, body FROM phone_message WHERE organization_id = $1 AND direction = 'OUTBOUND'`,
      [owner.organizationId],
    );
    expect(messages).toHaveLength(EVENTS);
    const texts = twilio.messagesTo(dispatcher.phone);
    for (const row of rows) {
      const body = `Unload ${row.event_task}`;
      expect(messages.filter((message) => message.body === body)).toEqual([
        { id: row.steps[1].output!.messageId, body },
      ]);
      expect(texts.filter((text) => text.body === body)).toHaveLength(1);
    }

    // CALL_WEBHOOK: every run's webhook-id delivered, signed, always the same data, never after
    // the run recorded the step (a repeat only of a request whose success was not recorded).
    const verifier = new Webhook(secret);
    const byId = new Map<string, Delivery[]>();
    for (const delivery of receiver.deliveries) {
      byId.set(delivery.id, [...(byId.get(delivery.id) ?? []), delivery]);
    }
    expect([...byId.keys()].sort()).toEqual(rows.map((row) => `msg_${row.id}_2`).sort());
    let repeats = 0;
    for (const row of rows) {
      const deliveries = byId.get(`msg_${row.id}_2`)!;
      const recordedAt = Date.parse(row.steps[2].finishedAt!);
      const data = deliveries.map((delivery) => {
        const payload = verifier.verify(delivery.body, {
          'webhook-id': delivery.id,
          'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
          'webhook-signature': String(delivery.headers['webhook-signature']),
        }) as { data: Record<string, unknown> };
        return payload.data;
      });
      expect(data.every((one) => JSON.stringify(one) === JSON.stringify(data[0]))).toBe(true);
      expect(data[0]).toMatchObject({ runId: row.id, title: row.event_task });
      for (const delivery of deliveries) expect(delivery.at).toBeLessThanOrEqual(recordedAt);
      expect(deliveries.length).toBeLessThanOrEqual(row.steps[2].attempts);
      repeats += deliveries.length - 1;
    }

    // The kills landed where they were aimed: steps performed again found their effect.
    const replayed = (index: number) =>
      rows.filter((row) => row.steps[index].output?.existing === true).length;
    figures.runs = rows.length;
    figures.createTaskFoundExisting = replayed(0);
    figures.sendSmsFoundExisting = replayed(1);
    figures.webhookRepeatsSameId = repeats;
    figures.stepsWithMoreThanOneAttempt = rows.reduce(
      (sum, row) => sum + row.steps.filter((step) => step.attempts > 1).length,
      0,
    );
    expect(replayed(0)).toBeGreaterThanOrEqual(1);
    expect(replayed(1)).toBeGreaterThanOrEqual(1);
    expect(repeats).toBeGreaterThanOrEqual(1);

    // The reconciler re-sent what Redis lost: the wiped dispatches, and the runs left behind.
    const log = readFileSync(join(world.dir, 'worker-1.log'), 'utf8');
    const sum = (pattern: RegExp) =>
      [...log.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
    figures.dispatchesResent = sum(/re-sent (\d+) automation dispatch job\(s\)/g);
    figures.runJobsResent = sum(/re-sent (\d+) automation run job\(s\)/g);
    expect(figures.dispatchesResent).toBeGreaterThanOrEqual(EVENTS - 3 * quarter);
    expect(figures.runJobsResent).toBeGreaterThanOrEqual(1);
    expect(world.worker.starts).toBe(3);
  });
});
