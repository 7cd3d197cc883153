import WebSocket from 'ws';
import { SCRIPTS } from './assistant-scripts';
import { ProtocolMessage, protocolSubscriber, wallNow } from './baselines';
import { serve } from './load-ipc';

/**
 * A bench:load load generator (a process of its own): signed-in agents doing
 * the mix, graphql-ws subscribers and bare `ws` sockets, `createTask` at a
 * fixed rate. Every answer is checked; latencies are of right answers, and
 * every wrong answer, GraphQL error or transport failure is counted.
 */

// ---------------------------------------------------------------- sockets

interface Socket {
  socket: WebSocket;
  /** Subscription id → what it watches (its counting key). */
  keys: Map<string, string>;
  /** Marker (a task title) → arrival time (`wallNow`). */
  marks: Map<string, number>;
}

interface Group {
  sockets: Socket[];
  /** `next` messages per key. */
  received: Map<string, number>;
  /** `error` / `complete` messages, sockets closed by the server or failed. */
  errors: number;
  closed: number;
  failures: string[];
  closing: boolean;
}

const groups = new Map<string, Group>();

const groupOf = (name: string): Group => {
  let group = groups.get(name);
  if (!group) {
    group = {
      sockets: [],
      received: new Map(),
      errors: 0,
      closed: 0,
      failures: [],
      closing: false,
    };
    groups.set(name, group);
  }
  return group;
};

const note = (group: Group, failure: string) => {
  if (group.failures.length < 5) group.failures.push(failure.slice(0, 300));
};

/** The title of a `taskChanged` message's task (the markers of fan-out events). */
const titleOf = (message: ProtocolMessage): string | undefined =>
  (message.payload as { data?: { taskChanged?: { task?: { title?: string } } } } | undefined)?.data
    ?.taskChanged?.task?.title;

function watch(group: Group, entry: Socket): void {
  entry.socket.on('close', () => {
    if (!group.closing) {
      group.closed += 1;
      note(group, 'socket closed by the server');
    }
  });
  entry.socket.on('error', (error) => {
    group.errors += 1;
    note(group, `socket error: ${error.message}`);
  });
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>) {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

interface SubscribeSpec {
  token: string;
  subscriptions: Array<{ key: string; query: string; variables: Record<string, unknown> }>;
}

async function subscribe({
  group: name,
  wsUrl,
  sockets,
}: {
  group: string;
  wsUrl: string;
  sockets: SubscribeSpec[];
}): Promise<{ sockets: number; subscriptions: number }> {
  const group = groupOf(name);
  await pool(sockets.length, 50, async (i) => {
    const spec = sockets[i];
    const keys = new Map(spec.subscriptions.map((s, n) => [String(n + 1), s.key]));
    const marks = new Map<string, number>();
    const onMessage = (message: ProtocolMessage, at: number) => {
      if (message.type === 'next') {
        const key = keys.get(message.id ?? '') ?? '?';
        group.received.set(key, (group.received.get(key) ?? 0) + 1);
        const title = titleOf(message);
        if (title?.startsWith('fanout ')) marks.set(title, at);
        const errors = (message.payload as { errors?: unknown[] } | undefined)?.errors;
        if (errors?.length) {
          group.errors += 1;
          note(group, `next with errors: ${JSON.stringify(errors)}`);
        }
      } else if (message.type === 'error' || message.type === 'complete') {
        group.errors += 1;
        note(group, `${message.type}: ${JSON.stringify(message.payload)}`);
      }
    };
    const { socket } = await protocolSubscriber(
      wsUrl,
      spec.token,
      spec.subscriptions.map(({ query, variables }) => ({ query, variables })),
      onMessage,
    );
    const entry = { socket, keys, marks };
    watch(group, entry);
    group.sockets.push(entry);
  });
  return {
    sockets: group.sockets.length,
    subscriptions: group.sockets.reduce((sum, s) => sum + s.keys.size, 0),
  };
}

/** Bare `ws` sockets to the raw broadcaster; each parses every message once, as subscribers do. */
async function rawSockets({
  group: name,
  url,
  count,
}: {
  group: string;
  url: string;
  count: number;
}): Promise<number> {
  const group = groupOf(name);
  await pool(
    count,
    50,
    (i) =>
      new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url);
        const entry: Socket = { socket, keys: new Map([['0', 'raw']]), marks: new Map() };
        socket.on('message', (data: Buffer) => {
          const at = wallNow();
          const message = JSON.parse(data.toString()) as ProtocolMessage;
          group.received.set('raw', (group.received.get('raw') ?? 0) + 1);
          const title = titleOf(message);
          if (title) entry.marks.set(title, at);
        });
        socket.once('open', () => {
          watch(group, entry);
          group.sockets.push(entry);
          resolve();
        });
        socket.once('error', (error) => reject(new Error(`raw socket ${i}: ${error.message}`)));
      }),
  );
  return group.sockets.length;
}

/** Every socket's arrival time of `marker`, waiting up to `timeoutMs` for the last; missing ones counted. */
async function arrivals({
  group: name,
  marker,
  timeoutMs,
}: {
  group: string;
  marker: string;
  timeoutMs: number;
}): Promise<{ arrivals: number[]; missing: number }> {
  const group = groupOf(name);
  const deadline = Date.now() + timeoutMs;
  while (group.sockets.some((s) => !s.marks.has(marker)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const times: number[] = [];
  let missing = 0;
  for (const entry of group.sockets) {
    const at = entry.marks.get(marker);
    if (at === undefined) missing += 1;
    else times.push(at);
    entry.marks.delete(marker);
  }
  return { arrivals: times, missing };
}

function counts({ group: name }: { group: string }) {
  const group = groupOf(name);
  return {
    sockets: group.sockets.length,
    received: Object.fromEntries(group.received),
    errors: group.errors,
    closed: group.closed,
    failures: group.failures,
  };
}

async function closeGroup({ group: name }: { group: string }): Promise<void> {
  const group = groups.get(name);
  if (!group) return;
  group.closing = true;
  await Promise.all(
    group.sockets.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
    ),
  );
  groups.delete(name);
}

// ---------------------------------------------------------------- requests

/** An answer's data, read by each operation's check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

interface Body {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function post(
  url: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ body: Body | null; failure?: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    if (response.status !== 200) return { body: null, failure: `HTTP ${response.status}: ${text}` };
    const body = JSON.parse(text) as Body;
    if (body.errors?.length) return { body, failure: `errors: ${JSON.stringify(body.errors)}` };
    return { body };
  } catch (error) {
    return { body: null, failure: `transport: ${(error as Error).message}` };
  }
}

export type OperationKind =
  'tasksPage' | 'createTask' | 'updateTask' | 'moveTask' | 'callsPage' | 'askAssistant';

export const TASKS_PAGE =
  '{ tasks(first: 50) { nodes { id title assignee { name } team { name } } } }';
export const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id title } }`;
const UPDATE_TASK = `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id status } }`;
const MOVE_TASK = `mutation ($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { id } }`;
const CALLS_PAGE = `{ calls(first: 20) { totalCount nodes { id status direction startedAt durationSec
  agent { name } campaign { name } score { overall scorer criteria { key score passed } } } } }`;
const ASK = `mutation Ask($text: String!, $conversationId: ID) {
  askAssistant(text: $text, conversationId: $conversationId) { id status text conversationId } }`;

export interface Agent {
  token: string;
  userId: string;
  teamId: string;
  /** Tasks of theirs to update and move. */
  taskIds: string[];
}

interface MixOptions {
  url: string;
  agents: Agent[];
  seconds: number;
  thinkMs: number;
  /** Relative weights of the operation kinds (missing: never). */
  weights: Partial<Record<OperationKind, number>>;
  /** The raw baseline: no token, and its createTask takes no assignee. */
  raw?: boolean;
  label: string;
}

type Samples = Record<string, { ms: number[]; errors: number; failures: string[] }>;

const STATUSES = ['IN_PROGRESS', 'TODO', 'BLOCKED'];

/**
 * The agents' mix: each agent thinks (thinkMs × 0.5–1.5), then does one
 * operation drawn by weight, until the deadline.
 */
async function mix(options: MixOptions): Promise<{ samples: Samples; started: number }> {
  const samples: Samples = {};
  const record = (kind: string, ms: number, failure?: string) => {
    const entry = (samples[kind] ??= { ms: [], errors: 0, failures: [] });
    if (failure) {
      entry.errors += 1;
      if (entry.failures.length < 5) entry.failures.push(failure.slice(0, 400));
    } else entry.ms.push(ms);
  };
  const kinds = Object.entries(options.weights) as Array<[OperationKind, number]>;
  const total = kinds.reduce((sum, [, w]) => sum + w, 0);
  const draw = (): OperationKind => {
    let r = Math.random() * total;
    for (const [kind, w] of kinds) if ((r -= w) < 0) return kind;
    return kinds[kinds.length - 1][0];
  };
  const started = wallNow();
  const deadline = performance.now() + options.seconds * 1000;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let created = 0;

  const timed = async (
    kind: OperationKind,
    token: string | undefined,
    query: string,
    variables: Record<string, unknown> | undefined,
    check: (data: Data) => string | undefined,
  ): Promise<Data | undefined> => {
    const begun = performance.now();
    const { body, failure } = await post(options.url, token, query, variables);
    const ms = performance.now() - begun;
    const wrong = failure ?? (body?.data ? check(body.data) : 'no data');
    record(kind, ms, wrong ? `${kind}: ${wrong}` : undefined);
    return wrong ? undefined : body!.data!;
  };

  const agent = async (me: Agent, index: number) => {
    const token = options.raw ? undefined : me.token;
    let script = index;
    // Spread the agents' first requests over one think time.
    await sleep(Math.random() * options.thinkMs);
    while (performance.now() < deadline) {
      const kind = draw();
      const pick = () => me.taskIds[Math.floor(Math.random() * me.taskIds.length)];
      switch (kind) {
        case 'tasksPage':
          await timed(kind, token, TASKS_PAGE, undefined, (data) =>
            data.tasks?.nodes?.length === 50 ? undefined : 'not 50 tasks',
          );
          break;
        case 'createTask': {
          created += 1;
          const input = options.raw
            ? { title: `${options.label} task ${index}-${created}`, teamId: me.teamId }
            : {
                title: `${options.label} task ${index}-${created}`,
                teamId: me.teamId,
                assigneeId: me.userId,
              };
          const data = await timed(kind, token, CREATE_TASK, { input }, (d) =>
            d.createTask?.id ? undefined : 'no id',
          );
          if (data && !options.raw) me.taskIds.push(data.createTask.id as string);
          break;
        }
        case 'updateTask': {
          const id = pick();
          const status = STATUSES[Math.floor(Math.random() * STATUSES.length)];
          await timed(
            kind,
            token,
            UPDATE_TASK,
            { id, input: { status, title: `Updated by agent ${index} (${status})` } },
            (d) => (d.updateTask?.status === status ? undefined : 'status not set'),
          );
          break;
        }
        case 'moveTask': {
          const id = pick();
          const after = pick();
          await timed(
            kind,
            token,
            MOVE_TASK,
            { id, input: { afterTaskId: after === id ? null : after } },
            (d) => (d.moveTask?.id === id ? undefined : 'not moved'),
          );
          break;
        }
        case 'callsPage':
          await timed(kind, token, CALLS_PAGE, undefined, (data) =>
            data.calls?.nodes?.length === 20 &&
            (data.calls.nodes as Array<{ score: unknown }>).some((call) => call.score)
              ? undefined
              : `not 20 calls with scores: ${JSON.stringify(data).slice(0, 300)}`,
          );
          break;
        case 'askAssistant': {
          let conversationId: string | undefined;
          for (const step of SCRIPTS[script++ % SCRIPTS.length]) {
            if (step.follows) await sleep(options.thinkMs * (0.5 + Math.random()));
            const data = await timed(
              kind,
              token,
              ASK,
              { text: step.text, ...(step.follows ? { conversationId } : {}) },
              (d) => {
                const reply = d.askAssistant as { status: string; text: string } | undefined;
                return reply && reply.status === step.status && step.gist.test(reply.text)
                  ? undefined
                  : `"${step.text}" → ${JSON.stringify(reply)}`;
              },
            );
            if (!data) break;
            conversationId = (data.askAssistant as { conversationId: string }).conversationId;
          }
          break;
        }
      }
      await sleep(options.thinkMs * (0.5 + Math.random()));
    }
  };
  await Promise.all(options.agents.map((me, i) => agent(me, i)));
  return { samples, started };
}

/** `createTask` closed-loop at `concurrency` for `seconds`: the server's maximum rate. */
async function maxRate(options: {
  url: string;
  tokens: string[];
  teamId: string;
  concurrency: number;
  seconds: number;
}): Promise<{ answered: number; errors: number; failures: string[] }> {
  let answered = 0;
  let errors = 0;
  const failures: string[] = [];
  const deadline = performance.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const token = options.tokens.length
          ? options.tokens[(worker + n) % options.tokens.length]
          : undefined;
        const { body, failure } = await post(options.url, token, CREATE_TASK, {
          input: { title: `max rate ${worker}-${n}`, teamId: options.teamId },
        });
        if (failure || !body?.data?.createTask?.id) {
          errors += 1;
          if (failures.length < 5) failures.push(failure ?? 'no id');
        } else answered += 1;
      }
    }),
  );
  return { answered, errors, failures };
}

/**
 * `createTask` open-loop at `rate` per second for `seconds`: each request is
 * sent at its scheduled time whether or not earlier ones have answered, and
 * its latency counts from that time (no coordinated omission).
 */
async function fixedRate(options: {
  url: string;
  tokens: string[];
  teamId: string;
  rate: number;
  seconds: number;
}): Promise<{ ms: number[]; errors: number; failures: string[]; lateMs: number }> {
  const ms: number[] = [];
  let errors = 0;
  let lateMs = 0;
  const failures: string[] = [];
  const count = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const start = performance.now() + 50;
  const inFlight: Array<Promise<void>> = [];
  for (let n = 0; n < count; n += 1) {
    const scheduled = start + n * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lateMs = Math.max(lateMs, performance.now() - scheduled);
    const token = options.tokens.length ? options.tokens[n % options.tokens.length] : undefined;
    inFlight.push(
      post(options.url, token, CREATE_TASK, {
        input: { title: `fixed rate ${n}`, teamId: options.teamId },
      }).then(({ body, failure }) => {
        if (failure || !body?.data?.createTask?.id) {
          errors += 1;
          if (failures.length < 5) failures.push(failure ?? 'no id');
        } else ms.push(performance.now() - scheduled);
      }),
    );
  }
  await Promise.all(inFlight);
  return { ms, errors, failures, lateMs };
}

serve({
  subscribe,
  rawSockets,
  arrivals,
  counts,
  closeGroup,
  mix,
  maxRate,
  fixedRate,
  memory: () => process.memoryUsage(),
});
