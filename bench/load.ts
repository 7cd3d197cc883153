import './production-env';
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { PubSubEngine } from 'graphql-subscriptions';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { addTeamMember, gqlOk, REFRESH } from '../test/factories/identity.factory';
import { addPerson, seed } from './assistant';
import { median, runMain, startBenchApi } from './bench-api';
import { percentileOf, wallNow } from './baselines';
import type { Agent, OperationKind } from './load-client';
import { BenchChild } from './load-ipc';

/**
 * `npm run bench:load` (issue 22, item 2), the api in this process and every
 * load generator and baseline server in processes of their own:
 *
 * 1. BENCH_AGENTS signed-in agents (each their own user, AGENT role, one
 *    organization) doing a mix — task board pages, task mutations, call board
 *    pages, assistant requests through the built-in planner — with
 *    BENCH_SUBSCRIPTIONS graphql-ws subscriptions (taskChanged, callUpdated)
 *    open, for BENCH_SECONDS; p50/p95/p99 per kind, errors, the api's memory
 *    every 10 s and whether it is flat over the last 3 minutes; every
 *    taskChanged the relay published checked as delivered to every matching
 *    subscription. Then the part of the mix the raw graphql-js + pg server
 *    can answer (task pages, createTask), against it and against Switchboard.
 * 2. Side by side: taskChanged delivery to BENCH_FANOUT graphql-ws
 *    subscribers against a bare `ws` broadcast to as many sockets (every
 *    subscriber must get every event); memory per idle subscribed socket;
 *    createTask p99 at 60 % of the raw insert server's maximum rate.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 300);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 100);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1000);
const FANOUT = Number(process.env.BENCH_FANOUT ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Mean pause between an agent's operations (uniform over 0.5–1.5 ×). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
/** Load-generator processes (the fan-out's sockets are spread over them). */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? Math.min(SECONDS, 60));
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const RATE_CONCURRENCY = Number(process.env.BENCH_RATE_CONCURRENCY ?? 32);
const TASKS = Number(process.env.BENCH_TASKS ?? 2000);
const CALLS = 2000;
/** Fan-out events per side per round. */
const EVENTS_PER_ROUND = 5;
const MEMORY_WINDOW_S = 180;
/**
 * "Flat": the least-squares slope of the retained memory (see `retainedBytes`)
 * over the window at most this.
 */
const FLAT_MB_PER_MIN = 1;
const TARGET_P99_MS = 400;

const MIX: Record<OperationKind, number> = {
  tasksPage: 35,
  createTask: 8,
  updateTask: 10,
  moveTask: 5,
  callsPage: 30,
  askAssistant: 12,
};
const BASELINE_MIX: Partial<Record<OperationKind, number>> = { tasksPage: 35, createTask: 8 };

const TASK_CHANGED = `subscription ($teamId: ID) { taskChanged(teamId: $teamId) {
  kind task { id title status assignee { name } } } }`;
const CALL_UPDATED = `subscription ($campaignId: ID) { callUpdated(campaignId: $campaignId) { id status scoreStatus } }`;

/** A load generator's count of one group of sockets (see load-client.ts). */
interface GroupCounts {
  sockets: number;
  received: Record<string, number>;
  errors: number;
  closed: number;
  failures: string[];
}

type Samples = Record<string, { ms: number[]; errors: number; failures: string[] }>;

const mergeSamples = (parts: Samples[]): Samples => {
  const merged: Samples = {};
  for (const part of parts) {
    for (const [kind, entry] of Object.entries(part)) {
      const into = (merged[kind] ??= { ms: [], errors: 0, failures: [] });
      into.ms.push(...entry.ms);
      into.errors += entry.errors;
      into.failures.push(...entry.failures.slice(0, 5 - into.failures.length));
    }
  }
  return merged;
};

const round1 = (value: number) => Number(value.toFixed(1));

function latencyTable(samples: Samples, seconds: number) {
  const rows: Record<string, Record<string, number>> = {};
  const all: number[] = [];
  let errors = 0;
  for (const [kind, entry] of Object.entries(samples)) {
    all.push(...entry.ms);
    errors += entry.errors;
    rows[kind] = {
      answered: entry.ms.length,
      errors: entry.errors,
      rps: round1(entry.ms.length / seconds),
      p50: round1(percentileOf(entry.ms, 50)),
      p95: round1(percentileOf(entry.ms, 95)),
      p99: round1(percentileOf(entry.ms, 99)),
    };
  }
  rows.overall = {
    answered: all.length,
    errors,
    rps: round1(all.length / seconds),
    p50: round1(percentileOf(all, 50)),
    p95: round1(percentileOf(all, 95)),
    p99: round1(percentileOf(all, 99)),
  };
  return rows;
}

function printTable(title: string, rows: Record<string, Record<string, number>>): void {
  console.log(`\n${title}`);
  console.log(
    `  ${'kind'.padEnd(14)}${'answered'.padStart(9)}${'errors'.padStart(8)}${'req/s'.padStart(8)}` +
      `${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99 ms'.padStart(9)}`,
  );
  for (const [kind, row] of Object.entries(rows)) {
    console.log(
      `  ${kind.padEnd(14)}${String(row.answered).padStart(9)}${String(row.errors).padStart(8)}` +
        `${String(row.rps).padStart(8)}${String(row.p50).padStart(9)}${String(row.p95).padStart(9)}` +
        `${String(row.p99).padStart(9)}`,
    );
  }
}

/** Least-squares slope of `y` over `t` (seconds), per minute. */
function slopePerMinute(points: Array<{ t: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return (num / den) * 60;
}

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the process retains: V8's old generation in use (every heap space but
 * the young generation's) plus memory outside the heap (Buffers). Read right
 * after a full GC it is the live set; RSS is not, since V8 lets its old space
 * fill with garbage up to a limit it picks and keeps the pages it grew into.
 */
function retainedBytes(): number {
  const old = getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('new_'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return old + process.memoryUsage().external;
}

/** `retainedBytes` after every full (mark-compact) GC V8 runs on its own, from `since`. */
function retainedAfterFullGcs(since: number): {
  points: Array<{ t: number; bytes: number }>;
  stop: () => void;
} {
  const points: Array<{ t: number; bytes: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind } = (entry as unknown as { detail?: { kind?: number } }).detail ?? {};
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
        points.push({
          t: (entry.startTime + entry.duration - since) / 1000,
          bytes: retainedBytes(),
        });
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { points, stop: () => observer.disconnect() };
}

async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; global.gc && i < 3; i += 1) {
    global.gc();
    await sleep(500);
  }
  return process.memoryUsage();
}

async function main(): Promise<void> {
  delete process.env.ANTHROPIC_API_KEY;
  delete process.env.ANTHROPIC_BASE_URL;
  const { api, databaseUrl, finish } = await startBenchApi('load', {
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
  });
  const children: BenchChild[] = [];
  try {
    // ------------------------------------------------------------ seed
    const now = new Date();
    const seedStarted = performance.now();
    const { owner } = await seed(api, now);
    const org = owner.organizationId;
    const teams = await api.dataSource.query<Array<{ id: string; name: string }>>(
      'SELECT id, name FROM team WHERE organization_id = $1 ORDER BY name',
      [org],
    );
    const agents: Agent[] = [];
    const refreshTokens: string[] = [];
    for (let i = 0; i < AGENTS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, AGENTS - i) }, (_, j) =>
          addPerson(api, owner, `Loadagent${String(i + j).padStart(3, '0')} Bench`, 'AGENT'),
        ),
      );
      for (const [j, person] of batch.entries()) {
        const teamId = teams[(i + j) % teams.length].id;
        await addTeamMember(api, owner, teamId, person.userId);
        agents.push({ token: person.accessToken, userId: person.userId, teamId, taskIds: [] });
        refreshTokens.push(person.refreshToken);
      }
    }
    /**
     * Access tokens live 15 minutes at most, and the agents' clients do not
     * refresh mid-phase as a browser would: every phase starts with fresh ones.
     */
    const ownerSession = { token: owner.accessToken, refresh: owner.refreshToken };
    const refreshAgents = async () => {
      const { refreshSession } = await gqlOk<{
        refreshSession: { accessToken: string; refreshToken: string };
      }>(api, REFRESH, { refreshToken: ownerSession.refresh });
      ownerSession.token = refreshSession.accessToken;
      ownerSession.refresh = refreshSession.refreshToken;
      for (let i = 0; i < agents.length; i += 10) {
        await Promise.all(
          agents.slice(i, i + 10).map(async (agent, j) => {
            const { refreshSession } = await gqlOk<{
              refreshSession: { accessToken: string; refreshToken: string };
            }>(api, REFRESH, { refreshToken: refreshTokens[i + j] });
            agent.token = refreshSession.accessToken;
            refreshTokens[i + j] = refreshSession.refreshToken;
          }),
        );
      }
    };
    await api.dataSource.query(
      `INSERT INTO task (organization_id, title, description, status, priority, priority_rank, assignee_id,
                         creator_id, team_id, labels, position, source)
       SELECT $1, 'Board task ' || i, 'Seeded for the load benchmark', 'TODO', 'MEDIUM', 2,
              ($2::uuid[])[1 + i % array_length($2::uuid[], 1)], $3,
              ($4::uuid[])[1 + i % array_length($4::uuid[], 1)], '{}', (1000 + i) * 1024, 'WEB'
         FROM generate_series(1, $5) AS i`,
      [org, agents.map((a) => a.userId), owner.userId, agents.map((a) => a.teamId), TASKS],
    );
    const owned = await api.dataSource.query<Array<{ id: string; assignee_id: string }>>(
      `SELECT id, assignee_id FROM task WHERE organization_id = $1 AND assignee_id = ANY($2::uuid[])`,
      [org, agents.map((a) => a.userId)],
    );
    const byUser = new Map(agents.map((a) => [a.userId, a]));
    for (const row of owned) byUser.get(row.assignee_id)!.taskIds.push(row.id);
    const campaigns = await api.dataSource.query<Array<{ id: string; scorecard_id: string }>>(
      'SELECT id, scorecard_id FROM campaign WHERE organization_id = $1 ORDER BY name',
      [org],
    );
    // Scored calls for the call board, written directly (the bench measures reading them).
    await api.dataSource.query(
      `WITH calls AS (
         INSERT INTO call (organization_id, direction, "from", "to", status, agent_id, campaign_id,
                           started_at, ended_at, duration_sec, score_status)
         SELECT $1, 'INBOUND', '+14155550111', '+14155550100', 'COMPLETED',
                ($2::uuid[])[1 + i % array_length($2::uuid[], 1)],
                ($3::uuid[])[1 + i % array_length($3::uuid[], 1)],
                now() - make_interval(mins => i), now() - make_interval(mins => i) + interval '4 minutes',
                240, 'SCORED'
           FROM generate_series(1, $5) AS i
         RETURNING id, campaign_id),
       scores AS (
         INSERT INTO call_score (organization_id, call_id, scorecard_id, scorecard_version, overall,
                                 criteria, metrics, scorer, usage)
         SELECT $1, calls.id, ($4::uuid[])[array_position($3::uuid[], calls.campaign_id)], 1,
                50 + random() * 50,
                '[{"key":"greeting","score":1,"weight":2,"passed":true,"evidence":["thank you for calling"],"rationale":null,"scorer":"rules"},
                  {"key":"empathy","score":0.5,"weight":4,"passed":false,"evidence":[],"rationale":"some","scorer":"builtin"}]',
                '{"agentTalkRatio":0.5,"customerTalkRatio":0.4,"silenceRatio":0.1,"longestMonologueSec":20,"interruptions":1,"agentWordsPerMinute":140,"questionsAsked":3}',
                'builtin',
                '{"inputTokens":0,"outputTokens":0,"cacheReadTokens":0,"cacheWriteTokens":0,"costUsd":0,"batch":false}'
           FROM calls
         RETURNING id)
       SELECT count(*) FROM scores`,
      [
        org,
        agents.map((a) => a.userId),
        campaigns.map((c) => c.id),
        campaigns.map((c) => c.scorecard_id),
        CALLS,
      ],
    );
    // A statement's own CTEs' inserts are invisible to it: the link is a statement of its own.
    await api.dataSource.query(
      `UPDATE call SET score_id = s.id FROM call_score s
        WHERE s.call_id = call.id AND call.organization_id = $1`,
      [org],
    );
    await api.dataSource.query('ANALYZE');
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `seeded in ${seedSeconds.toFixed(0)} s: ${AGENTS} agents, ${teams.length} teams, ${TASKS + 200} tasks, ${CALLS} scored calls`,
    );

    for (let i = 0; i < CLIENTS; i += 1)
      children.push(new BenchChild('load-client.js', `client ${i}`));
    const raw = new BenchChild('load-raw.js', 'raw');
    children.push(raw);
    const clients = children.slice(0, CLIENTS);
    const spread = <T>(items: T[]): T[][] =>
      clients.map((_, c) => items.filter((__, i) => i % CLIENTS === c));

    // The relay's taskChanged publishes, to check every matching subscription got each one.
    const pubSub = api.app.get<PubSubEngine>(PUB_SUB);
    const publish = pubSub.publish.bind(pubSub);
    const published: Array<{
      taskId: string;
      teamId: string | null;
      previousTeamId: string | null;
      at: number;
    }> = [];
    let callPublishes = 0;
    pubSub.publish = (topic: string, payload: unknown) => {
      if (topic.startsWith('task.changed.')) {
        const event = (
          payload as {
            payload: { taskId: string; teamId: string | null; previousTeamId: string | null };
          }
        ).payload;
        published.push({ ...event, at: wallNow() });
      } else if (topic.startsWith('call.')) callPublishes += 1;
      return publish(topic, payload);
    };

    // ------------------------------------------------------------ 1. the mix
    const subscriptionsOf: Array<{
      key: string;
      query: string;
      variables: Record<string, unknown>;
    }>[] = agents.map(() => []);
    for (let i = 0; i < SUBSCRIPTIONS; i += 1) {
      const agentIndex = i % AGENTS;
      const agent = agents[agentIndex];
      const kind = Math.floor(i / AGENTS) % 4;
      const campaign = campaigns[agentIndex % campaigns.length].id;
      subscriptionsOf[agentIndex].push(
        kind === 0
          ? {
              key: `team:${agent.teamId}`,
              query: TASK_CHANGED,
              variables: { teamId: agent.teamId },
            }
          : kind === 1
            ? { key: 'org', query: TASK_CHANGED, variables: {} }
            : kind === 2
              ? { key: 'calls', query: CALL_UPDATED, variables: {} }
              : {
                  key: `calls:${campaign}`,
                  query: CALL_UPDATED,
                  variables: { campaignId: campaign },
                },
      );
    }
    // A browser tab's socket carries up to 5 subscriptions.
    const mixSockets = agents.flatMap((agent, i) => {
      const all = subscriptionsOf[i];
      const sockets = [];
      for (let s = 0; s < all.length; s += 5) {
        sockets.push({ token: agent.token, subscriptions: all.slice(s, s + 5) });
      }
      return sockets;
    });
    await refreshAgents();
    published.length = 0;
    callPublishes = 0;
    const opened = await Promise.all(
      spread(mixSockets).map((sockets, c) =>
        clients[c].call<{ sockets: number; subscriptions: number }>('subscribe', {
          group: 'mix',
          wsUrl: api.wsUrl,
          sockets,
        }),
      ),
    );
    await sleep(2000);
    const subscriptionsPerKey = new Map<string, number>();
    for (const list of subscriptionsOf) {
      for (const s of list)
        subscriptionsPerKey.set(s.key, (subscriptionsPerKey.get(s.key) ?? 0) + 1);
    }
    console.log(
      `mix: ${opened.reduce((s, o) => s + o.subscriptions, 0)} subscriptions on ${opened.reduce((s, o) => s + o.sockets, 0)} sockets; ${AGENTS} agents for ${SECONDS} s (think ${THINK_MS} ms)`,
    );

    const memory: Array<{ t: number; rss: number; heapUsed: number }> = [];
    const mixStarted = performance.now();
    const sample = () => {
      const m = process.memoryUsage();
      memory.push({ t: (performance.now() - mixStarted) / 1000, rss: m.rss, heapUsed: m.heapUsed });
    };
    sample();
    const sampler = setInterval(sample, 10_000);
    const fullGcs = retainedAfterFullGcs(mixStarted);
    const cpuBefore = process.cpuUsage();
    const loadBefore = loadavg()[0];
    const mixResults = await Promise.all(
      spread(agents).map((part, c) =>
        clients[c].call<{ samples: Samples }>('mix', {
          url: api.graphqlUrl,
          agents: part,
          seconds: SECONDS,
          thinkMs: THINK_MS,
          weights: MIX,
          label: 'mix',
        }),
      ),
    );
    sample();
    clearInterval(sampler);
    const apiCpu = process.cpuUsage(cpuBefore);
    const loadAfter = loadavg()[0];
    fullGcs.stop();
    // One more point, from a full GC forced once the agents have stopped (so it delays none of them).
    const mixEnded = (performance.now() - mixStarted) / 1000;
    await settledMemory();
    const retained = [...fullGcs.points, { t: mixEnded, bytes: retainedBytes() }];
    const mixSamples = mergeSamples(mixResults.map((r) => r.samples));

    // Every matching subscription must have had every published taskChanged.
    const expected = new Map<string, number>();
    for (const [key, count] of subscriptionsPerKey) {
      let events = 0;
      if (key === 'org') events = published.length;
      else if (key.startsWith('team:')) {
        const team = key.slice(5);
        events = published.filter((e) => e.teamId === team || e.previousTeamId === team).length;
      } else events = callPublishes; // callUpdated: no call changes in the mix, so 0 expected
      expected.set(key, events * count);
    }
    const expectedTotal = [...expected.values()].reduce((s, n) => s + n, 0);
    const publishedInMix = published.length;
    let deliveryCounts: GroupCounts[] = [];
    let receivedTotal = 0;
    for (let wait = 0; wait < 60; wait += 1) {
      deliveryCounts = await Promise.all(
        clients.map((c) => c.call<GroupCounts>('counts', { group: 'mix' })),
      );
      receivedTotal = deliveryCounts.reduce(
        (s, d) => s + Object.values(d.received).reduce((a, b) => a + b, 0),
        0,
      );
      if (receivedTotal >= expectedTotal) break;
      await sleep(1000);
    }
    const receivedPerKey = new Map<string, number>();
    for (const d of deliveryCounts) {
      for (const [key, n] of Object.entries(d.received)) {
        receivedPerKey.set(key, (receivedPerKey.get(key) ?? 0) + n);
      }
    }
    const wrongKeys = [...expected.entries()]
      .filter(([key, n]) => (receivedPerKey.get(key) ?? 0) !== n)
      .map(([key, n]) => `${key}: expected ${n}, received ${receivedPerKey.get(key) ?? 0}`);
    const subscriptionErrors = deliveryCounts.reduce((s, d) => s + d.errors + d.closed, 0);
    await Promise.all(clients.map((c) => c.call('closeGroup', { group: 'mix' })));

    const windowStart = mixEnded - MEMORY_WINDOW_S;
    const window = memory.filter((m) => m.t >= windowStart);
    const rssSlope = slopePerMinute(window.map((m) => ({ t: m.t, y: m.rss / MB })));
    const retainedWindow = retained.filter((r) => r.t >= windowStart);
    // Three points at least (two full GCs of V8's own and the forced one), or no verdict.
    const retainedSlope =
      retainedWindow.length >= 3
        ? slopePerMinute(retainedWindow.map((r) => ({ t: r.t, y: r.bytes / MB })))
        : NaN;
    const memoryFlat = Math.abs(retainedSlope) <= FLAT_MB_PER_MIN;
    const mixTable = latencyTable(mixSamples, SECONDS);
    printTable(`mix, Switchboard, ${AGENTS} agents, ${SECONDS} s:`, mixTable);
    console.log(
      `  taskChanged published ${publishedInMix}, deliveries expected ${expectedTotal}, received ${receivedTotal}` +
        `${wrongKeys.length ? ` — WRONG: ${wrongKeys.slice(0, 5).join('; ')}` : ''}; subscription errors/closes ${subscriptionErrors}`,
    );
    const apiCpuSeconds = (apiCpu.user + apiCpu.system) / 1e6;
    console.log(
      `  api process CPU ${apiCpuSeconds.toFixed(1)} s in ${SECONDS} s (${((100 * apiCpuSeconds) / SECONDS).toFixed(0)} % of one core), ` +
        `${((1000 * apiCpuSeconds) / Math.max(1, mixTable.overall.answered)).toFixed(1)} ms per answered request; ` +
        `machine load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (${cpus().length} cores)`,
    );
    console.log(
      `  api memory (every 10 s, MB rss/heap): ${memory.map((m) => `${(m.rss / MB).toFixed(0)}/${(m.heapUsed / MB).toFixed(0)}`).join(' ')}`,
    );
    console.log(
      `  api retained after each full GC (old generation + external, MB at s): ${retained.map((r) => `${(r.bytes / MB).toFixed(0)}@${Math.round(r.t)}`).join(' ')} (the last forced after the mix)`,
    );
    console.log(
      `  last ${Math.min(MEMORY_WINDOW_S, Math.round(mixEnded))} s: retained slope ${retainedSlope.toFixed(2)} MB/min over ${retainedWindow.length} full GCs → ` +
        `${memoryFlat ? 'flat' : retainedWindow.length < 3 ? 'too few full GCs to tell' : 'NOT flat'} (threshold |retained slope| <= ${FLAT_MB_PER_MIN} MB/min); ` +
        `rss slope ${rssSlope.toFixed(2)} MB/min`,
    );
    for (const [kind, entry] of Object.entries(mixSamples)) {
      for (const failure of entry.failures) console.log(`  error (${kind}): ${failure}`);
    }
    for (const d of deliveryCounts) for (const f of d.failures) console.log(`  subscription: ${f}`);

    // ------------------------------------------------------------ 1b. the baseline's part of the mix
    const rawHttp = await raw.call<{ url: string }>('startHttp', {
      databaseUrl,
      organizationId: org,
      creatorId: owner.userId,
    });
    const baselineRun = async (url: string, isRaw: boolean) =>
      mergeSamples(
        (
          await Promise.all(
            spread(agents).map((part, c) =>
              clients[c].call<{ samples: Samples }>('mix', {
                url,
                agents: part,
                seconds: BASELINE_SECONDS,
                thinkMs: THINK_MS,
                weights: BASELINE_MIX,
                raw: isRaw,
                label: isRaw ? 'raw' : 'sb',
              }),
            ),
          )
        ).map((r) => r.samples),
      );
    const rawMix = latencyTable(await baselineRun(rawHttp.url, true), BASELINE_SECONDS);
    await refreshAgents();
    const sbMix = latencyTable(await baselineRun(api.graphqlUrl, false), BASELINE_SECONDS);
    printTable(`task pages + createTask, raw graphql-js + pg, ${BASELINE_SECONDS} s:`, rawMix);
    printTable(`task pages + createTask, Switchboard, ${BASELINE_SECONDS} s:`, sbMix);

    // ------------------------------------------------------------ 2a. fan-out and memory per socket
    const { createTask: fanoutTask } = await gqlOk<{ createTask: { id: string } }>(
      api,
      'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { title: 'Watched by everyone', teamId: teams[0].id } },
      ownerSession.token,
    );
    const rawWs = await raw.call<{ url: string }>('startWs');
    await refreshAgents();
    const sbBefore = await settledMemory();
    const fanoutSockets = Array.from({ length: FANOUT }, (_, i) => ({
      token: agents[i % AGENTS].token,
      subscriptions: [{ key: 'fanout', query: TASK_CHANGED, variables: { teamId: teams[0].id } }],
    }));
    const fanoutStarted = performance.now();
    await Promise.all(
      spread(fanoutSockets).map((sockets, c) =>
        clients[c].call('subscribe', { group: 'sb', wsUrl: api.wsUrl, sockets }),
      ),
    );
    console.log(
      `\nfan-out: ${FANOUT} graphql-ws subscribers open in ${((performance.now() - fanoutStarted) / 1000).toFixed(0)} s`,
    );
    await sleep(3000);
    const sbAfter = await settledMemory();
    const rawBefore = await raw.call<NodeJS.MemoryUsage>('memory', { gc: true });
    await Promise.all(
      spread(Array.from({ length: FANOUT }, (_, i) => i)).map((part, c) =>
        clients[c].call('rawSockets', { group: 'raw', url: rawWs.url, count: part.length }),
      ),
    );
    await sleep(3000);
    const rawAfter = await raw.call<NodeJS.MemoryUsage>('memory', { gc: true });
    const rawClients = await raw.call<number>('clients');

    const collect = async (group: string, marker: string) => {
      const parts = await Promise.all(
        clients.map((c) =>
          c.call<{ arrivals: number[]; missing: number }>('arrivals', {
            group,
            marker,
            timeoutMs: 30_000,
          }),
        ),
      );
      return {
        arrivals: parts.flatMap((p) => p.arrivals),
        missing: parts.reduce((s, p) => s + p.missing, 0),
      };
    };
    const sbEvents: Array<{ fromPublish: number; fromMutation: number; missing: number }> = [];
    const rawEvents: Array<{ p99: number; missing: number }> = [];
    const events = EVENTS_PER_ROUND * ROUNDS;
    for (let event = -1; event < events; event += 1) {
      // Switchboard: one committed change, timed from the relay's publish and from the request.
      const marker = `fanout sb ${event}`;
      const before = published.length;
      const started = wallNow();
      await gqlOk(
        api,
        'mutation ($id: ID!, $title: String!) { updateTask(id: $id, input: { title: $title }) { id } }',
        { id: fanoutTask.id, title: marker },
        ownerSession.token,
      );
      const sb = await collect('sb', marker);
      const publishedAt =
        published.slice(before).find((e) => e.taskId === fanoutTask.id)?.at ?? NaN;
      // The raw broadcaster: the same payload, timed from its first send.
      const rawMarker = `fanout raw ${event}`;
      const sent = await raw.call<{ startedAt: number }>('broadcast', {
        payload: JSON.stringify({
          id: '1',
          type: 'next',
          payload: {
            data: {
              taskChanged: {
                kind: 'UPDATED',
                task: { id: fanoutTask.id, title: rawMarker, status: 'TODO', assignee: null },
              },
            },
          },
        }),
      });
      const rawArrivals = await collect('raw', rawMarker);
      if (event < 0) continue;
      sbEvents.push({
        fromPublish: percentileOf(
          sb.arrivals.map((at) => at - publishedAt),
          99,
        ),
        fromMutation: percentileOf(
          sb.arrivals.map((at) => at - started),
          99,
        ),
        missing: sb.missing,
      });
      rawEvents.push({
        p99: percentileOf(
          rawArrivals.arrivals.map((at) => at - sent.startedAt),
          99,
        ),
        missing: rawArrivals.missing,
      });
    }
    const fanoutCounts = await Promise.all(
      clients.map((c) => c.call<GroupCounts>('counts', { group: 'sb' })),
    );
    await Promise.all(clients.map((c) => c.call('closeGroup', { group: 'sb' })));
    await Promise.all(clients.map((c) => c.call('closeGroup', { group: 'raw' })));
    pubSub.publish = publish;

    const sbP99 = median(sbEvents.map((e) => e.fromPublish));
    const rawP99 = median(rawEvents.map((e) => e.p99));
    const sbE2e = median(sbEvents.map((e) => e.fromMutation));
    const sbMissing = sbEvents.reduce((s, e) => s + e.missing, 0);
    const rawMissing = rawEvents.reduce((s, e) => s + e.missing, 0);
    const sbPerSocket = (sbAfter.rss - sbBefore.rss) / FANOUT;
    const rawPerSocket = (rawAfter.rss - rawBefore.rss) / FANOUT;
    console.log(
      `taskChanged to ${FANOUT} subscribers, ${events} events each side (medians of each event's p99 over the subscribers):\n` +
        `  Switchboard from the relay's publish ${sbP99.toFixed(1)} ms (end to end from the mutation ${sbE2e.toFixed(1)} ms), missing deliveries ${sbMissing}\n` +
        `  raw ws broadcast to ${rawClients} sockets   ${rawP99.toFixed(1)} ms, missing deliveries ${rawMissing}\n` +
        `  ratio ${(sbP99 / rawP99).toFixed(2)} (target <= 2.5 and under 1000 ms); per event Switchboard ${sbEvents.map((e) => e.fromPublish.toFixed(0)).join(', ')}; raw ${rawEvents.map((e) => e.p99.toFixed(0)).join(', ')}`,
    );
    console.log(
      `memory per idle subscribed socket (RSS delta / ${FANOUT}, after GC): Switchboard ${(sbPerSocket / 1024).toFixed(1)} KiB ` +
        `(heap ${((sbAfter.heapUsed - sbBefore.heapUsed) / FANOUT / 1024).toFixed(1)} KiB), raw ws ${(rawPerSocket / 1024).toFixed(1)} KiB ` +
        `(heap ${((rawAfter.heapUsed - rawBefore.heapUsed) / FANOUT / 1024).toFixed(1)} KiB); RSS ratio ${(sbPerSocket / rawPerSocket).toFixed(2)} (target <= 3), heap ratio ${((sbAfter.heapUsed - sbBefore.heapUsed) / (rawAfter.heapUsed - rawBefore.heapUsed)).toFixed(2)}`,
    );
    for (const d of fanoutCounts) for (const f of d.failures) console.log(`  subscription: ${f}`);

    // ------------------------------------------------------------ 2b. createTask at 60 % of the raw maximum
    await refreshAgents();
    const tokens = agents.map((a) => a.token);
    const max = await Promise.all(
      clients.map((c) =>
        c.call<{ answered: number; errors: number }>('maxRate', {
          url: rawHttp.url,
          tokens: [],
          teamId: teams[0].id,
          concurrency: Math.max(1, Math.round(RATE_CONCURRENCY / CLIENTS)),
          seconds: RATE_SECONDS,
        }),
      ),
    );
    const maxRate = max.reduce((s, m) => s + m.answered, 0) / RATE_SECONDS;
    const rate = 0.6 * maxRate;
    const rateRun = async (url: string, withTokens: boolean) => {
      const parts = await Promise.all(
        clients.map((c, i) =>
          c.call<{ ms: number[]; errors: number; failures: string[]; lateMs: number }>(
            'fixedRate',
            {
              url,
              tokens: withTokens ? tokens.filter((_, t) => t % CLIENTS === i) : [],
              teamId: teams[0].id,
              rate: rate / CLIENTS,
              seconds: RATE_SECONDS,
            },
          ),
        ),
      );
      const ms = parts.flatMap((p) => p.ms);
      return {
        p99: percentileOf(ms, 99),
        p50: percentileOf(ms, 50),
        answered: ms.length,
        errors: parts.reduce((s, p) => s + p.errors, 0),
        failures: parts.flatMap((p) => p.failures).slice(0, 5),
        lateMs: Math.max(...parts.map((p) => p.lateMs)),
      };
    };
    const rateRounds: Array<{
      raw: Awaited<ReturnType<typeof rateRun>>;
      sb: Awaited<ReturnType<typeof rateRun>>;
    }> = [];
    let rateCpu = 0;
    for (let r = 0; r < ROUNDS; r += 1) {
      const rawRound = await rateRun(rawHttp.url, false);
      const cpu = process.cpuUsage();
      const sbRound = await rateRun(api.graphqlUrl, true);
      const used = process.cpuUsage(cpu);
      rateCpu += (used.user + used.system) / 1000 / Math.max(1, sbRound.answered);
      rateRounds.push({ raw: rawRound, sb: sbRound });
    }
    const rateRawP99 = median(rateRounds.map((r) => r.raw.p99));
    const rateSbP99 = median(rateRounds.map((r) => r.sb.p99));
    console.log(
      `\ncreateTask: raw insert server's maximum ${maxRate.toFixed(0)}/s (closed loop, ${RATE_CONCURRENCY} in flight, ${max.reduce((s, m) => s + m.errors, 0)} errors); both driven open-loop at ${rate.toFixed(0)}/s for ${RATE_SECONDS} s, ${ROUNDS} rounds:\n` +
        rateRounds
          .map(
            (r, i) =>
              `  round ${i + 1}: raw p50/p99 ${r.raw.p50.toFixed(1)}/${r.raw.p99.toFixed(1)} ms (${r.raw.answered} ok, ${r.raw.errors} errors), ` +
              `Switchboard ${r.sb.p50.toFixed(1)}/${r.sb.p99.toFixed(1)} ms (${r.sb.answered} ok, ${r.sb.errors} errors); sender late at most ${Math.max(r.raw.lateMs, r.sb.lateMs).toFixed(0)} ms`,
          )
          .join('\n') +
        `\n  api process CPU per createTask ${(rateCpu / ROUNDS).toFixed(1)} ms (mean of the rounds)` +
        `\n  median p99: raw ${rateRawP99.toFixed(1)} ms, Switchboard ${rateSbP99.toFixed(1)} ms, ratio ${(rateSbP99 / rateRawP99).toFixed(2)} (target <= 2)`,
    );
    for (const r of rateRounds)
      for (const f of [...r.raw.failures, ...r.sb.failures]) console.log(`  error: ${f}`);

    // ------------------------------------------------------------ summary
    const mixErrors = mixTable.overall.errors + subscriptionErrors + wrongKeys.length;
    const result = {
      when: new Date().toISOString(),
      knobs: {
        SECONDS,
        AGENTS,
        SUBSCRIPTIONS,
        FANOUT,
        ROUNDS,
        THINK_MS,
        CLIENTS,
        BASELINE_SECONDS,
        RATE_SECONDS,
      },
      seedSeconds: Math.round(seedSeconds),
      mix: {
        switchboard: mixTable,
        taskChanged: {
          published: publishedInMix,
          expected: expectedTotal,
          received: receivedTotal,
          wrongKeys,
        },
        subscriptionErrors,
        apiCpuPercentOfOneCore: Math.round((100 * apiCpuSeconds) / SECONDS),
        loadAverage: [round1(loadBefore), round1(loadAfter)],
        memoryMb: memory.map((m) => ({
          t: Math.round(m.t),
          rss: round1(m.rss / MB),
          heapUsed: round1(m.heapUsed / MB),
        })),
        retainedAfterFullGcMb: retained.map((r) => ({
          t: Math.round(r.t),
          mb: round1(r.bytes / MB),
        })),
        retainedSlopeMbPerMin: Number(retainedSlope.toFixed(2)),
        rssSlopeMbPerMin: Number(rssSlope.toFixed(2)),
        memoryFlat,
        targets: {
          p99: `${mixTable.overall.p99} ms (target <= ${TARGET_P99_MS}): ${mixTable.overall.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}`,
          errors: `${mixErrors}: ${mixErrors === 0 ? 'met' : 'NOT met'}`,
          memoryFlat: memoryFlat ? 'met' : 'NOT met',
        },
      },
      baselineMix: { raw: rawMix, switchboard: sbMix },
      fanout: {
        subscribers: FANOUT,
        events,
        switchboardP99Ms: round1(sbP99),
        switchboardEndToEndP99Ms: round1(sbE2e),
        rawP99Ms: round1(rawP99),
        ratio: Number((sbP99 / rawP99).toFixed(2)),
        missing: { switchboard: sbMissing, raw: rawMissing },
        target: `ratio <= 2.5 and < 1000 ms: ${sbP99 / rawP99 <= 2.5 && sbP99 < 1000 && sbMissing === 0 ? 'met' : 'NOT met'}`,
      },
      memoryPerSocket: {
        switchboardKiB: round1(sbPerSocket / 1024),
        rawKiB: round1(rawPerSocket / 1024),
        switchboardHeapKiB: round1((sbAfter.heapUsed - sbBefore.heapUsed) / FANOUT / 1024),
        rawHeapKiB: round1((rawAfter.heapUsed - rawBefore.heapUsed) / FANOUT / 1024),
        ratio: Number((sbPerSocket / rawPerSocket).toFixed(2)),
        target: `<= 3: ${sbPerSocket / rawPerSocket <= 3 ? 'met' : 'NOT met'}`,
      },
      createTaskAt60: {
        rawMaxPerSecond: Math.round(maxRate),
        apiCpuMsPerCreateTask: round1(rateCpu / ROUNDS),
        ratePerSecond: Math.round(rate),
        rawP99Ms: round1(rateRawP99),
        switchboardP99Ms: round1(rateSbP99),
        ratio: Number((rateSbP99 / rateRawP99).toFixed(2)),
        errors: rateRounds.reduce((s, r) => s + r.raw.errors + r.sb.errors, 0),
        target: `<= 2: ${rateSbP99 / rateRawP99 <= 2 ? 'met' : 'NOT met'}`,
      },
    };
    console.log(`\n${JSON.stringify(result, null, 2)}`);
  } finally {
    for (const child of children) child.stop();
    await finish();
  }
}

runMain(main);
