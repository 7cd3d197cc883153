import './production-env';
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import {
  addMemberWithRole,
  addTeamMember,
  createTeam,
  gqlOk,
  registerUser,
} from '../test/factories/identity.factory';
import { TestApp } from '../test/utils/test-app';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { PubSubEngine } from 'graphql-subscriptions';
import { median, runMain, startBenchApi } from './bench-api';
import { percentileOf as percentile, protocolSubscriber, rawWsServer, wallNow } from './baselines';
import { ticksOf, TICK_US } from './cpu-per-job';
import { RAW_APPLICATION_NAME } from './tasks-raw-server';

/**
 * `npm run bench:tasks` — the task board under load, each figure beside a
 * baseline run in the same process:
 * 1. `tasks(first: 50) { nodes { id title assignee { name } team { name } } }`
 *    on 10k tasks through the whole stack (auth, guard, DataLoaders) against a
 *    plain graphql-js + pg server answering the same query with one JOIN;
 * 2. delivery of one mutation's `taskChanged` event to 1,000 graphql-ws
 *    subscribers against a plain `ws` broadcast of the same payload.
 */
const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Committed changes delivered to the subscribers, each beside a bare broadcast. */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 15);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL;
/** The figures: on stderr when the api logs to stdout. */
const report = (line: string): void =>
  LOG_LEVEL && LOG_LEVEL !== 'silent' ? console.error(line) : console.log(line);
const QUERY =
  process.env.BENCH_QUERY ??
  '{ tasks(first: 50) { nodes { id title assignee { name } team { name } } } }';

const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

/** A forked process of `bench/<name>.js` (compiled beside this file), without this process's flags (e.g. --cpu-prof). */
function forkChild(name: string, env: Record<string, string> = {}): ChildProcess {
  return fork(join(__dirname, `${name}.js`), [], {
    execArgv: [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`child exited (${code})`));
    child.once('exit', exited);
    child.once('message', (message: T) => {
      child.off('exit', exited);
      resolve(message);
    });
  });
}

interface LoadRound {
  rps: number;
  p99: number;
  /** CPU per request in µs: the server's process and its PostgreSQL backends. */
  serverUs: number;
  postgresUs: number;
}

/**
 * The PostgreSQL client backends of the benchmark's database, with their
 * CPU ticks: the raw server's (application name RAW_APPLICATION_NAME) or the
 * api's (all others).
 */
async function backendTicks(dataSource: DataSource, raw: boolean): Promise<Map<number, number>> {
  const rows = await dataSource.query<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND backend_type = 'client backend'
        AND (application_name = $1) = $2`,
    [RAW_APPLICATION_NAME, raw],
  );
  return new Map(rows.map((row) => [row.pid, ticksOf(row.pid)]));
}

/**
 * One round of load from the load generator's process against `url`, with
 * the CPU it cost the server (`serverCpuUs`: cumulative µs of the server's
 * process) and the server's PostgreSQL backends, per request.
 */
async function load(
  client: ChildProcess,
  dataSource: DataSource,
  target: { url: string; headers: Record<string, string>; raw: boolean; serverCpuUs(): number },
): Promise<LoadRound> {
  const postgresBefore = await backendTicks(dataSource, target.raw);
  const serverBefore = target.serverCpuUs();
  const answer = nextMessage<{ ok: boolean; requests: number; p99: number; error?: string }>(
    client,
  );
  client.send({
    url: target.url,
    headers: target.headers,
    query: QUERY,
    seconds: SECONDS,
    concurrency: CONCURRENCY,
  });
  const { ok, requests, p99, error } = await answer;
  const serverUs = target.serverCpuUs() - serverBefore;
  if (!ok) throw new Error(error);
  const postgresAfter = await backendTicks(dataSource, target.raw);
  let ticks = 0;
  // A backend opened during the round counts from zero.
  for (const [pid, after] of postgresAfter) ticks += after - (postgresBefore.get(pid) ?? 0);
  return {
    rps: requests / SECONDS,
    p99,
    serverUs: serverUs / requests,
    postgresUs: (ticks * TICK_US) / requests,
  };
}

/** Cumulative CPU of this process (the api), in µs. */
const ownCpuUs = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

interface FanoutRound {
  /** p99 over the subscribers, from the relay's publish of the committed event. */
  fromPublish: number;
  /** p99 over the subscribers, from the mutation request. */
  fromMutation: number;
}

/**
 * SUBSCRIBERS graphql-ws subscriptions to one team's `taskChanged`; `event()`
 * makes one committed change and measures, for every subscriber, the time
 * until it has the event: from the mutation request (end to end) and from
 * the relay's publish of the committed event (delivery: pub/sub hop, one
 * shared resolution, the sends).
 */
async function fanoutSubscribers(
  api: TestApp,
  token: string,
  teamId: string,
  taskId: string,
): Promise<{ event(round: number): Promise<FanoutRound>; close(): void }> {
  const pubSub = api.app.get<PubSubEngine>(PUB_SUB);
  const publish = pubSub.publish.bind(pubSub);
  let started = 0;
  let published = 0;
  pubSub.publish = (topic: string, payload: unknown) => {
    // Only the mutation's own event: an earlier change may still be relayed meanwhile.
    if (started > 0 && published === 0 && topic.startsWith('task.changed.')) {
      published = wallNow();
    }
    return publish(topic, payload);
  };
  const query = `subscription ($teamId: ID) { taskChanged(teamId: $teamId) { kind task { id title status } } }`;
  const subscribers = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, () =>
      protocolSubscriber(api.wsUrl, token, [{ query, variables: { teamId } }]),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    event: async (round) => {
      const arrivals = subscribers.map((subscriber) => subscriber.next());
      published = 0;
      started = wallNow();
      await gqlOk(
        api,
        'mutation ($id: ID!, $title: String!) { updateTask(id: $id, input: { title: $title }) { id } }',
        { id: taskId, title: `Watched by a thousand (${round})` },
        token,
      );
      const latencies = (await Promise.all(arrivals)).map((arrivedAt) => arrivedAt - started);
      const fromMutation = percentile(latencies, 99);
      const relayed = published - started;
      started = 0;
      return { fromMutation, fromPublish: fromMutation - relayed };
    },
    close: () => {
      pubSub.publish = publish;
      for (const { socket } of subscribers) socket.close();
    },
  };
}

/** A bare `ws` server with SUBSCRIBERS sockets; `broadcast` sends one payload to all and returns the p99. */
async function rawBroadcaster(): Promise<{
  broadcast(payload: string): Promise<number>;
  close(): Promise<void>;
}> {
  const server = await rawWsServer();
  const sockets = await Promise.all(
    Array.from(
      { length: SUBSCRIBERS },
      () =>
        new Promise<WebSocket>((resolve) => {
          const socket = new WebSocket(server.url);
          socket.once('open', () => resolve(socket));
        }),
    ),
  );
  return {
    broadcast: async (payload) => {
      const arrivals = sockets.map(
        (socket) =>
          new Promise<number>((resolve) =>
            socket.once('message', (data: Buffer) => {
              JSON.parse(data.toString());
              resolve(wallNow());
            }),
          ),
      );
      const started = server.broadcast(payload);
      return percentile(
        (await Promise.all(arrivals)).map((arrivedAt) => arrivedAt - started),
        99,
      );
    },
    close: async () => {
      for (const socket of sockets) socket.close();
      await server.close();
    },
  };
}

async function main(): Promise<void> {
  const {
    api,
    databaseUrl: url,
    finish,
  } = await startBenchApi('tasks', {
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
    // The api's access log at another level than silent (e.g. the shipped default, info)
    // goes to this process's stdout: redirect it; the figures are printed to stderr then.
    ...(LOG_LEVEL ? { LOG_LEVEL } : {}),
    // SUBSCRIBERS sockets of one user, one subscription each.
    WS_MAX_SUBSCRIPTIONS_PER_USER: String(Math.max(SUBSCRIBERS, 200)),
  });
  try {
    const owner = await registerUser(api);
    const members = [owner];
    for (let i = 0; i < 9; i += 1) members.push(await addMemberWithRole(api, owner, 'AGENT'));
    const teams = [];
    for (let i = 0; i < 5; i += 1) teams.push(await createTeam(api, owner));
    await addTeamMember(api, owner, teams[0].id, owner.userId);
    await api.dataSource.query(
      `INSERT INTO task (organization_id, title, description, status, priority, priority_rank, assignee_id,
                         creator_id, team_id, labels, position, source)
       SELECT $1, 'Task ' || i, 'Seeded task number ' || i, 'TODO', 'MEDIUM', 2,
              ($2::uuid[])[1 + i % array_length($2::uuid[], 1)], $3,
              ($4::uuid[])[1 + i % array_length($4::uuid[], 1)], '{}', i * 1024, 'WEB'
         FROM generate_series(1, $5) AS i`,
      [
        owner.organizationId,
        members.map((member) => member.userId),
        owner.userId,
        teams.map((team) => team.id),
        TASKS,
      ],
    );
    await api.dataSource.query('ANALYZE task');

    const rawProcess = forkChild('tasks-raw-server', {
      BENCH_RAW_DATABASE_URL: url,
      BENCH_RAW_ORGANIZATION_ID: owner.organizationId,
    });
    const { url: rawUrl } = await nextMessage<{ url: string }>(rawProcess);
    const rawPid = rawProcess.pid as number;
    const client = forkChild('tasks-load-client');
    const rawTarget = {
      url: rawUrl,
      headers: {},
      raw: true,
      serverCpuUs: () => ticksOf(rawPid) * TICK_US,
    };
    const ourTarget = {
      url: api.graphqlUrl,
      headers: { authorization: `Bearer ${owner.accessToken}` },
      raw: false,
      serverCpuUs: ownCpuUs,
    };
    // Warm-up, not counted.
    await load(client, api.dataSource, rawTarget);
    await load(client, api.dataSource, ourTarget);
    const baseline: LoadRound[] = [];
    const candidate: LoadRound[] = [];
    const cpuLine = (ours: LoadRound, theirs: LoadRound) =>
      `CPU per request: switchboard server ${ours.serverUs.toFixed(0)} µs, postgres ${ours.postgresUs.toFixed(0)} µs | raw server ${theirs.serverUs.toFixed(0)} µs, postgres ${theirs.postgresUs.toFixed(0)} µs`;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternating, each round's order flipped, so a load change on the machine hits both.
      const first = round % 2 === 0 ? rawTarget : ourTarget;
      const second = round % 2 === 0 ? ourTarget : rawTarget;
      const a = await load(client, api.dataSource, first);
      const b = await load(client, api.dataSource, second);
      const [theirs, ours] = first.raw ? [a, b] : [b, a];
      baseline.push(theirs);
      candidate.push(ours);
      report(
        `round ${round + 1}: switchboard ${ours.rps.toFixed(0)} req/s, raw ${theirs.rps.toFixed(0)} req/s; ${cpuLine(ours, theirs)} (server ratio ${(ours.serverUs / theirs.serverUs).toFixed(2)})`,
      );
    }
    if (process.env.BENCH_CPU_PROFILE) {
      // One more round of Switchboard alone under V8's sampling profiler (not counted above);
      // summarise it with `node bench/cpu-profile-summary.mjs FILE`.
      const session = new Session();
      session.connect();
      const post = (method: string, params?: object) =>
        new Promise<unknown>((resolve, reject) =>
          session.post(method, params, (error, result) =>
            error ? reject(error) : resolve(result),
          ),
        );
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      const profiled = await load(client, api.dataSource, ourTarget);
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(profile));
      report(
        `profiled round: switchboard ${profiled.rps.toFixed(0)} req/s, server ${profiled.serverUs.toFixed(0)} µs per request; profile in ${process.env.BENCH_CPU_PROFILE}`,
      );
    }
    client.disconnect();
    rawProcess.disconnect();
    const medianRound = (rounds: LoadRound[]): LoadRound => ({
      rps: median(rounds.map((r) => r.rps)),
      p99: median(rounds.map((r) => r.p99)),
      serverUs: median(rounds.map((r) => r.serverUs)),
      postgresUs: median(rounds.map((r) => r.postgresUs)),
    });
    const ours = medianRound(candidate);
    const theirs = medianRound(baseline);
    report(`medians over ${ROUNDS} rounds: ${cpuLine(ours, theirs)}`);
    report(
      `server CPU ratio (median of rounds' ratios): ${median(candidate.map((r, i) => r.serverUs / baseline[i].serverUs)).toFixed(2)}`,
    );

    if (SUBSCRIBERS === 0) {
      report(
        JSON.stringify(
          {
            tasks: TASKS,
            query: {
              concurrency: CONCURRENCY,
              seconds: SECONDS,
              rounds: ROUNDS,
              switchboard: ours,
              baseline: theirs,
            },
          },
          null,
          2,
        ),
      );
      return;
    }

    const { createTask } = await gqlOk<{ createTask: { id: string } }>(
      api,
      'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }',
      { input: { title: 'Watched by a thousand', teamId: teams[0].id } },
      owner.accessToken,
    );
    const subscribers = await fanoutSubscribers(api, owner.accessToken, teams[0].id, createTask.id);
    const broadcaster = await rawBroadcaster();
    const delivered: FanoutRound[] = [];
    const broadcast: number[] = [];
    // Alternating, after one uncounted warm-up event each.
    for (let event = -1; event < EVENTS; event += 1) {
      const delivery = await subscribers.event(event);
      const bare = await broadcaster.broadcast(
        JSON.stringify({
          id: '1',
          type: 'next',
          payload: {
            data: {
              taskChanged: {
                kind: 'UPDATED',
                task: {
                  id: createTask.id,
                  title: `Watched by a thousand (${event})`,
                  status: 'TODO',
                },
              },
            },
          },
        }),
      );
      if (event < 0) continue;
      delivered.push(delivery);
      broadcast.push(bare);
    }
    subscribers.close();
    await broadcaster.close();

    const queryRps = median(candidate.map((run) => run.rps));
    const rawRps = median(baseline.map((run) => run.rps));
    const result = {
      tasks: TASKS,
      query: {
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        rounds: ROUNDS,
        switchboard: {
          rps: Math.round(queryRps),
          p99Ms: Number(median(candidate.map((run) => run.p99)).toFixed(1)),
          cpuPerRequestUs: {
            server: Math.round(ours.serverUs),
            postgres: Math.round(ours.postgresUs),
          },
        },
        baseline: {
          rps: Math.round(rawRps),
          p99Ms: Number(median(baseline.map((run) => run.p99)).toFixed(1)),
          cpuPerRequestUs: {
            server: Math.round(theirs.serverUs),
            postgres: Math.round(theirs.postgresUs),
          },
        },
        throughputRatio: Number((queryRps / rawRps).toFixed(2)),
        target: '>= 0.6',
      },
      fanout: {
        subscribers: SUBSCRIBERS,
        events: EVENTS,
        switchboardP99Ms: Number(median(delivered.map((run) => run.fromPublish)).toFixed(1)),
        baselineP99Ms: Number(median(broadcast).toFixed(1)),
        ratio: Number(
          (median(delivered.map((run) => run.fromPublish)) / median(broadcast)).toFixed(2),
        ),
        perEventRatios: range(delivered.map((run, i) => run.fromPublish / broadcast[i])),
        endToEndP99Ms: Number(median(delivered.map((run) => run.fromMutation)).toFixed(1)),
        note: "medians over the events of each event's p99 over the subscribers; switchboard from the relay publishing the committed event (Redis pub/sub, one shared resolution, 1,000 sends); the baseline from its first send; endToEnd adds the mutation request, its commit and the relay",
        target: '<= 2',
      },
    };
    report(JSON.stringify(result, null, 2));
  } finally {
    await finish();
  }
}

runMain(main);
