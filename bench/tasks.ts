import './production-env';
import 'reflect-metadata';
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
import {
  percentileOf as percentile,
  protocolSubscriber,
  rawTaskServer,
  rawWsServer,
  wallNow,
} from './baselines';

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
const QUERY =
  process.env.BENCH_QUERY ??
  '{ tasks(first: 50) { nodes { id title assignee { name } team { name } } } }';

const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

async function load(
  url: string,
  headers: Record<string, string>,
): Promise<{ rps: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await response.json()) as { data?: { tasks: { nodes: unknown[] } } };
      if (body.data?.tasks.nodes.length !== 50)
        throw new Error(`bad answer: ${JSON.stringify(body).slice(0, 300)}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rps: latencies.length / SECONDS, p99: percentile(latencies, 99) };
}

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

    const raw = await rawTaskServer(url, {
      organizationId: owner.organizationId,
      creatorId: owner.userId,
    });
    const headers = { authorization: `Bearer ${owner.accessToken}` };
    await load(raw.url, {});
    await load(api.graphqlUrl, headers);
    const baseline: Array<{ rps: number; p99: number }> = [];
    const candidate: Array<{ rps: number; p99: number }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      baseline.push(await load(raw.url, {}));
      candidate.push(await load(api.graphqlUrl, headers));
    }
    await raw.close();

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
      const ours = await subscribers.event(event);
      const theirs = await broadcaster.broadcast(
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
      delivered.push(ours);
      broadcast.push(theirs);
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
        },
        baseline: {
          rps: Math.round(rawRps),
          p99Ms: Number(median(baseline.map((run) => run.p99)).toFixed(1)),
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
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await finish();
  }
}

runMain(main);
