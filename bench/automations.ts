import './production-env';
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { DataSource } from 'typeorm';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { MetricsService } from '@/observability/metrics.service';
import { signWebhook } from '@/modules/automations/actions/webhook-signing';
import { webhookPayload } from '@/modules/automations/actions/webhook.action';
import type { AutomationEventData } from '@/modules/automations/automation-types';
import { addMemberWithRole, gqlOk, registerUser } from '../test/factories/identity.factory';
import { startWorker } from '../test/utils/test-app';
import { median, percentile, runMain, startBenchApi } from './bench-api';
import { cpuPerJob, CpuPerJob, formatCpu } from './cpu-per-job';

/**
 * `npm run bench:automations` — automations end to end (issue 20's targets),
 * through Switchboard's api and worker (a worker context of its own in this
 * process, as bench:scoring runs it) on a database of its own, one
 * organization, one SUPERVISOR's automation on TASK_CREATED with one
 * CALL_WEBHOOK step to a local receiver (a plain node http server in this
 * process that verifies every delivery's Standard Webhooks signature,
 * records its webhook-id and answers 204).
 *
 * 1. Latency, event → first action done: createTask at BENCH_RATE per second
 *    for BENCH_SECONDS (open loop), each timed from the mutation's response
 *    (the task and its outbox row committed) to the receiver's delivery;
 *    p50/p95/p99 (target p95 ≤ 1 s).
 * 2. Throughput, no loss, no duplicate: BENCH_EVENTS createTask mutations
 *    from BENCH_CLIENTS concurrent clients, as fast as the api takes them,
 *    until the receiver has one delivery for every task; events/s from the
 *    first mutation sent to the last delivery. Then every task must have
 *    exactly one automation_run, COMPLETED, its step SUCCEEDED, and the
 *    receiver exactly one delivery of that run's webhook-id (a second one
 *    would be a repeated success: the receiver answers 204 to all).
 * 3. Baseline, same Redis and same concurrency (WORKER_CONCURRENCY, the
 *    automations queue's): a plain BullMQ queue and worker whose job makes
 *    the same POST — the same payload builder, the same event size, signed
 *    with the same code and secret — to the same receiver with undici;
 *    BENCH_EVENTS jobs added in bulk, jobs/s to the last delivery.
 *
 * Rounds (BENCH_ROUNDS) run the three phases in turn; medians are printed.
 * The application runs with NODE_ENV=test, not production: the outbound
 * guard reaches a local http:// receiver only through OUTBOUND_ALLOWED_HOSTS,
 * which production refuses. graphql-js is still loaded in production mode
 * (production-env.ts), and nothing else on this path reads NODE_ENV. The
 * per-automation and per-organization run caps (60 and 300 a minute by
 * default) are raised: the benchmark measures the runs, not the flood guard.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
/** WORKER_CONCURRENCY of the worker (the automations queue's) and of the baseline. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 5);
/** How long a phase may take to see all its deliveries before the run fails. */
const DELIVERY_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 900_000);

const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const CREATE_AUTOMATION = `mutation ($input: CreateAutomationInput!) { createAutomation(input: $input) { id } }`;
const ROTATE = `mutation ($automationId: ID!) { rotateAutomationWebhookSecret(automationId: $automationId) { secret } }`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  webhookId: string;
  /** data.event.task.id of the body. */
  taskId: string | undefined;
  at: number;
  bytes: number;
}

/**
 * The webhook receiver: verifies each request's signature with
 * `standardwebhooks` (a request that fails is counted and answered 400),
 * records the delivery, answers 204.
 */
class Receiver {
  private server: Server | undefined;
  private verifier: Webhook | undefined;
  readonly deliveries: Delivery[] = [];
  /** First delivery of each task id. */
  readonly firstByTask = new Map<string, number>();
  readonly countById = new Map<string, number>();
  invalid = 0;
  url = '';
  port = 0;

  set secret(secret: string) {
    this.verifier = new Webhook(secret);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        const body = Buffer.concat(chunks).toString('utf8');
        let taskId: string | undefined;
        try {
          this.verifier!.verify(body, headersOf(req.headers));
          taskId = (JSON.parse(body) as { data: { event: { task?: { id?: string } } } }).data.event
            .task?.id;
        } catch {
          this.invalid += 1;
          res.writeHead(400).end();
          return;
        }
        const webhookId = String(req.headers['webhook-id']);
        this.deliveries.push({ webhookId, taskId, at, bytes: Buffer.byteLength(body) });
        this.countById.set(webhookId, (this.countById.get(webhookId) ?? 0) + 1);
        if (taskId !== undefined && !this.firstByTask.has(taskId)) this.firstByTask.set(taskId, at);
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** Resolves when every task in `taskIds` has a delivery; rejects after `timeoutMs`. */
  waitForTasks(taskIds: readonly string[], timeoutMs: number): Promise<void> {
    return this.waitUntil(
      () => taskIds.every((id) => this.firstByTask.has(id)),
      timeoutMs,
      () =>
        `${taskIds.filter((id) => this.firstByTask.has(id)).length} of ${taskIds.length} tasks delivered`,
    );
  }

  /** Resolves when every webhook id in `ids` has a delivery. */
  waitForIds(ids: readonly string[], timeoutMs: number): Promise<void> {
    return this.waitUntil(
      () => ids.every((id) => this.countById.has(id)),
      timeoutMs,
      () => `${ids.filter((id) => this.countById.has(id)).length} of ${ids.length} ids delivered`,
    );
  }

  private waitUntil(done: () => boolean, timeoutMs: number, progress: () => string) {
    return new Promise<void>((resolve, reject) => {
      // Checked on a timer, not per delivery: an O(n) check per delivery would cost the process O(n²).
      const check = () => {
        if (!done()) return;
        clearInterval(interval);
        clearTimeout(timer);
        resolve();
      };
      const interval = setInterval(check, 5);
      const timer = setTimeout(() => {
        clearInterval(interval);
        reject(new Error(`timed out after ${timeoutMs} ms: ${progress()}`));
      }, timeoutMs);
      check();
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  };
}

/** createTask as `token`; the task id and the time its response arrived. */
async function createTask(
  graphqlUrl: string,
  token: string,
  title: string,
): Promise<{ id: string; sentAt: number; answeredAt: number }> {
  const sentAt = performance.now();
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CREATE_TASK, variables: { input: { title } } }),
  });
  const body = (await response.json()) as {
    data?: { createTask: { id: string } } | null;
    errors?: unknown[];
  };
  const answeredAt = performance.now();
  if (!body.data?.createTask) throw new Error(`createTask failed: ${JSON.stringify(body)}`);
  return { id: body.data.createTask.id, sentAt, answeredAt };
}

interface RunRow {
  id: string;
  task_id: string;
  status: string;
  step_status: string;
  attempts: number;
}

/**
 * Checks a phase's tasks: each has exactly one run, COMPLETED with its step
 * SUCCEEDED, and the receiver exactly one delivery, of that run's webhook-id.
 * Waits for the runs to finish first (a delivery precedes the step's record),
 * then a moment more for any late duplicate. Returns the retried steps.
 */
async function verifyRuns(
  dataSource: DataSource,
  automationId: string,
  receiver: Receiver,
  taskIds: string[],
): Promise<{ retried: number }> {
  const read = () =>
    dataSource.query<RunRow[]>(
      `SELECT id, event->'task'->>'id' AS task_id, status, steps->0->>'status' AS step_status,
              (steps->0->>'attempts')::int AS attempts
         FROM automation_run
        WHERE automation_id = $1 AND event->'task'->>'id' = ANY($2::text[])`,
      [automationId, taskIds],
    );
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  let rows = await read();
  while (rows.length < taskIds.length || rows.some((row) => row.status !== 'COMPLETED')) {
    if (rows.some((row) => row.status === 'FAILED' || row.status === 'SKIPPED')) break;
    if (Date.now() > deadline) break;
    await sleep(200);
    rows = await read();
  }
  await sleep(1000);
  rows = await read();
  const problems: string[] = [];
  const byTask = new Map<string, RunRow[]>();
  for (const row of rows) byTask.set(row.task_id, [...(byTask.get(row.task_id) ?? []), row]);
  for (const taskId of taskIds) {
    const runs = byTask.get(taskId) ?? [];
    if (runs.length !== 1) {
      problems.push(`task ${taskId}: ${runs.length} runs`);
      continue;
    }
    const [run] = runs;
    if (run.status !== 'COMPLETED' || run.step_status !== 'SUCCEEDED') {
      problems.push(`task ${taskId}: run ${run.id} ${run.status}, step ${run.step_status}`);
    }
    const deliveries = receiver.countById.get(`msg_${run.id}_0`) ?? 0;
    if (deliveries !== 1) problems.push(`run ${run.id}: ${deliveries} deliveries of its webhook`);
  }
  const taskSet = new Set(taskIds);
  const perTask = new Map<string, number>();
  for (const delivery of receiver.deliveries) {
    if (delivery.taskId && taskSet.has(delivery.taskId)) {
      perTask.set(delivery.taskId, (perTask.get(delivery.taskId) ?? 0) + 1);
    }
  }
  for (const [taskId, count] of perTask) {
    if (count !== 1) problems.push(`task ${taskId}: ${count} deliveries`);
  }
  if (receiver.invalid > 0) problems.push(`${receiver.invalid} deliveries failed verification`);
  if (problems.length > 0) {
    throw new Error(
      `${problems.length} problem(s) among ${taskIds.length} events: ${problems.slice(0, 10).join('; ')}`,
    );
  }
  return { retried: rows.filter((row) => row.attempts > 1).length };
}

/** The worker's automations jobs so far, by outcome (`deferred`: over the organization's share, put back). */
async function automationJobs(worker: INestApplicationContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { labels, value } of (await worker.get(MetricsService).jobsProcessed.get()).values) {
    if (labels.queue !== QueueName.Automations) continue;
    const key = String(labels.outcome);
    counts[key] = (counts[key] ?? 0) + value;
  }
  return counts;
}

const jobsDelta = (before: Record<string, number>, after: Record<string, number>): string =>
  Object.keys(after)
    .sort()
    .map((key) => `${key} ${after[key] - (before[key] ?? 0)}`)
    .join(', ');

/** This database's committed transactions (autocommitted statements included) and rows written so far. */
async function databaseWork(
  dataSource: DataSource,
): Promise<{ transactions: number; inserted: number; updated: number }> {
  // The statistics collector reports with a delay; a snapshot is taken after it has caught up.
  await dataSource.query('SELECT pg_stat_clear_snapshot()');
  const [row] = await dataSource.query<
    Array<{ transactions: string; inserted: string; updated: string }>
  >(
    `SELECT xact_commit AS transactions, tup_inserted AS inserted, tup_updated AS updated
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return {
    transactions: Number(row.transactions),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
  };
}

interface LatencyRound {
  events: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  createP50: number;
}

interface ThroughputRound {
  eventsPerSecond: number;
  intakePerSecond: number;
  cpu: CpuPerJob;
  retried: number;
}

async function main(): Promise<void> {
  const receiver = await new Receiver().start();
  const env = {
    NODE_ENV: 'test',
    OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION: '10000',
    AUTOMATION_RUNS_PER_MINUTE_PER_ORGANIZATION: '100000',
    OUTBOX_POLL_INTERVAL_MS: '250',
  };
  const { api, finish } = await startBenchApi('automations', env);
  let worker: INestApplicationContext | undefined;
  let plain: Worker | undefined;
  let plainQueue: Queue | undefined;
  const agent = new Agent();
  try {
    const dataSource = api.app.get(DataSource);
    const owner = await registerUser(api);
    const supervisor = await addMemberWithRole(api, owner, 'SUPERVISOR');
    const token = supervisor.accessToken;
    const { createAutomation } = await gqlOk<{ createAutomation: { id: string } }>(
      api,
      CREATE_AUTOMATION,
      {
        input: {
          name: 'Every new task to the receiver',
          trigger: 'TASK_CREATED',
          actions: [{ action: 'CALL_WEBHOOK', config: { url: `${receiver.url}/hooks/tasks` } }],
        },
      },
      token,
    );
    const automationId = createAutomation.id;
    const { rotateAutomationWebhookSecret } = await gqlOk<{
      rotateAutomationWebhookSecret: { secret: string };
    }>(api, ROTATE, { automationId }, token);
    const secret = rotateAutomationWebhookSecret.secret;
    receiver.secret = secret;
    worker = await startWorker({ env });

    // One event through, for its payload (the baseline sends the same size) and to warm up.
    const first = await createTask(api.graphqlUrl, token, 'Bench warm-up task');
    await receiver.waitForTasks([first.id], 60_000);
    await verifyRuns(dataSource, automationId, receiver, [first.id]);
    const sample = receiver.deliveries.find((delivery) => delivery.taskId === first.id)!;
    const [{ event: sampleEvent }] = await dataSource.query<Array<{ event: AutomationEventData }>>(
      `SELECT event FROM automation_run WHERE automation_id = $1 AND event->'task'->>'id' = $2`,
      [automationId, first.id],
    );

    // The baseline: a plain BullMQ queue and worker on the same Redis and prefix.
    const connection = api.app.get(QueueRegistry).get(QueueName.Automations).opts;
    plainQueue = new Queue('bench-plain-webhook', {
      connection: connection.connection,
      prefix: connection.prefix,
    });
    const url = `${receiver.url}/hooks/tasks`;
    plain = new Worker(
      'bench-plain-webhook',
      async (job: Job<{ webhookId: string; runId: string; event: AutomationEventData }>) => {
        const now = new Date();
        const payload = JSON.stringify(
          webhookPayload(
            'TASK_CREATED',
            automationId,
            job.data.runId,
            job.data.event,
            undefined,
            now,
          ),
        );
        const response = await request(url, {
          dispatcher: agent,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Switchboard-Automations/1',
            ...signWebhook([secret], job.data.webhookId, now, payload),
          },
          body: payload,
        });
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode >= 300) {
          throw new Error(`receiver answered ${response.statusCode}`);
        }
      },
      { connection: connection.connection, prefix: connection.prefix, concurrency: CONCURRENCY },
    );
    let baselineBytes = 0;

    const latency: LatencyRound[] = [];
    const throughput: ThroughputRound[] = [];
    const baseline: Array<{ jobsPerSecond: number; cpu: CpuPerJob }> = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      // 1. Latency at a modest rate.
      const jobsAtStart = await automationJobs(worker);
      const count = Math.round(RATE * SECONDS);
      const interval = 1000 / RATE;
      const started = performance.now();
      const creates: Array<Promise<{ id: string; sentAt: number; answeredAt: number }>> = [];
      for (let i = 0; i < count; i += 1) {
        const wait = started + i * interval - performance.now();
        if (wait > 0) await sleep(wait);
        creates.push(createTask(api.graphqlUrl, token, `Latency task ${round}-${i}`));
      }
      const created = await Promise.all(creates);
      await receiver.waitForTasks(
        created.map((task) => task.id),
        DELIVERY_TIMEOUT_MS,
      );
      await verifyRuns(
        dataSource,
        automationId,
        receiver,
        created.map((task) => task.id),
      );
      const latencyJobs = jobsDelta(jobsAtStart, await automationJobs(worker));
      const delays = created
        .map((task) => receiver.firstByTask.get(task.id)! - task.answeredAt)
        .sort((a, b) => a - b);
      const createTimes = created
        .map((task) => task.answeredAt - task.sentAt)
        .sort((a, b) => a - b);
      latency.push({
        events: count,
        p50: percentile(delays, 50),
        p95: percentile(delays, 95),
        p99: percentile(delays, 99),
        max: delays[delays.length - 1],
        createP50: percentile(createTimes, 50),
      });

      // 3. Baseline (before the candidate in each round, as bench:scoring alternates).
      const jobs = Array.from({ length: EVENTS }, () => {
        const runId = randomUUID();
        const event = structuredClone(sampleEvent) as { task: Record<string, unknown> };
        event.task.id = randomUUID();
        return { webhookId: `msg_${runId}_0`, runId, event };
      });
      const baselineRun = await cpuPerJob(dataSource, EVENTS, async () => {
        const start = performance.now();
        for (let offset = 0; offset < jobs.length; offset += 500) {
          await plainQueue!.addBulk(
            jobs.slice(offset, offset + 500).map((data) => ({
              name: 'post-webhook',
              data,
              opts: { removeOnComplete: true, removeOnFail: true },
            })),
          );
        }
        await receiver.waitForIds(
          jobs.map((job) => job.webhookId),
          DELIVERY_TIMEOUT_MS,
        );
        return EVENTS / ((performance.now() - start) / 1000);
      });
      const duplicates = jobs.filter((job) => receiver.countById.get(job.webhookId) !== 1).length;
      if (duplicates > 0) throw new Error(`baseline: ${duplicates} jobs delivered more than once`);
      baseline.push({ jobsPerSecond: baselineRun.result, cpu: baselineRun.cpu });
      baselineBytes = receiver.deliveries[receiver.deliveries.length - 1].bytes;

      // 2. Throughput: EVENTS createTask as fast as the api takes them.
      const taskIds: string[] = [];
      let intakePerSecond = 0;
      const jobsBefore = await automationJobs(worker);
      const databaseBefore = await databaseWork(dataSource);
      const candidateRun = await cpuPerJob(dataSource, EVENTS, async () => {
        const start = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (next < EVENTS) {
              const i = next;
              next += 1;
              taskIds.push((await createTask(api.graphqlUrl, token, `Load task ${round}-${i}`)).id);
            }
          }),
        );
        intakePerSecond = EVENTS / ((performance.now() - start) / 1000);
        await receiver.waitForTasks(taskIds, DELIVERY_TIMEOUT_MS);
        return EVENTS / ((performance.now() - start) / 1000);
      });
      const { retried } = await verifyRuns(dataSource, automationId, receiver, taskIds);
      const throughputJobs = jobsDelta(jobsBefore, await automationJobs(worker));
      await sleep(1000); // the statistics collector's delay (PGSTAT_MIN_INTERVAL is 1 s)
      const databaseAfter = await databaseWork(dataSource);
      const perEvent = (key: keyof typeof databaseAfter) =>
        ((databaseAfter[key] - databaseBefore[key]) / EVENTS).toFixed(1);
      throughput.push({
        eventsPerSecond: candidateRun.result,
        intakePerSecond,
        cpu: candidateRun.cpu,
        retried,
      });
      const l = latency[round - 1];
      const t = throughput[round - 1];
      const b = baseline[round - 1];
      console.log(
        `round ${round}: latency (${l.events} events at ${RATE}/s) p50 ${l.p50.toFixed(0)}, p95 ${l.p95.toFixed(0)}, ` +
          `p99 ${l.p99.toFixed(0)}, max ${l.max.toFixed(0)} ms (createTask p50 ${l.createP50.toFixed(0)} ms); ` +
          `plain BullMQ ${b.jobsPerSecond.toFixed(0)} jobs/s (${formatCpu(b.cpu)}); ` +
          `automations ${t.eventsPerSecond.toFixed(0)} events/s, api intake ${t.intakePerSecond.toFixed(0)}/s, ` +
          `${t.retried} steps retried (${formatCpu(t.cpu)})` +
          `\n  automations jobs: latency phase ${latencyJobs}; throughput phase ${throughputJobs}; ` +
          `per event (throughput phase, api and worker and their relays, verification reads included): ` +
          `${perEvent('transactions')} PostgreSQL transactions, ${perEvent('inserted')} rows inserted, ${perEvent('updated')} updated`,
      );
    }

    const p95 = median(latency.map((round) => round.p95));
    const eventsPerSecond = median(throughput.map((round) => round.eventsPerSecond));
    const jobsPerSecond = median(baseline.map((round) => round.jobsPerSecond));
    const medianCpu = (runs: CpuPerJob[]): CpuPerJob => ({
      node: median(runs.map((run) => run.node)),
      postgres: runs.some((run) => run.postgres === null)
        ? null
        : median(runs.map((run) => run.postgres!)),
      redis: runs.some((run) => run.redis === null) ? null : median(runs.map((run) => run.redis!)),
    });
    console.log(
      `\nautomation TASK_CREATED → CALL_WEBHOOK (local receiver, signatures verified), worker concurrency ${CONCURRENCY}, ${ROUNDS} rounds, medians:` +
        `\n  latency, createTask response → delivery, ${Math.round(RATE * SECONDS)} events at ${RATE}/s:` +
        ` p50 ${median(latency.map((round) => round.p50)).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms,` +
        ` p99 ${median(latency.map((round) => round.p99)).toFixed(0)} ms (target p95 ≤ 1000 ms: ${p95 <= 1000 ? 'met' : 'not met'})` +
        `\n  throughput, ${EVENTS} events from ${CLIENTS} clients: ${eventsPerSecond.toFixed(0)} events/s end to end` +
        ` (api intake ${median(throughput.map((round) => round.intakePerSecond)).toFixed(0)} createTask/s);` +
        ` every event one run COMPLETED and one delivery, no duplicate, no loss` +
        `\n  plain BullMQ job, same POST (${baselineBytes} bytes, signed), ${EVENTS} jobs: ${jobsPerSecond.toFixed(0)} jobs/s` +
        ` (automation deliveries ${sample.bytes} bytes)` +
        `\n  ratio automations / plain BullMQ: ${(eventsPerSecond / jobsPerSecond).toFixed(2)}` +
        `\n  CPU per event, medians: automations   ${formatCpu(medianCpu(throughput.map((round) => round.cpu)))}` +
        `\n                          plain BullMQ  ${formatCpu(medianCpu(baseline.map((round) => round.cpu)))}`,
    );
  } finally {
    await plain?.close();
    await plainQueue?.obliterate({ force: true }).catch(() => undefined);
    await plainQueue?.close();
    await agent.close();
    await worker?.close();
    await finish();
    await receiver.stop();
  }
}

runMain(main);
