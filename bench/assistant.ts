import './production-env';
import 'reflect-metadata';
import {
  Account,
  ACCEPT_INVITE,
  ADD_MEMBER,
  addTeamMember,
  createTeam,
  gqlOk,
  registerUser,
  strongPassword,
  suffix,
} from '../test/factories/identity.factory';
import { createEvent } from '../test/factories/calendar.factory';
import { createCampaign } from '../test/factories/calls.factory';
import { createVehicle, recordPositions } from '../test/factories/fleet.factory';
import { tokenIn, waitForMail } from '../test/utils/mailbox';
import { TestApp } from '../test/utils/test-app';
import { latencyFigures, median, runMain, startBenchApi } from './bench-api';
import { cpuPerJob, CpuPerJob } from './cpu-per-job';
import { SCRIPTS } from './assistant-scripts';

/**
 * `npm run bench:assistant` — `askAssistant` through the built-in planner (no
 * ANTHROPIC_API_KEY) under BENCH_CONCURRENCY concurrent clients, beside the
 * same server's `{ __typename }`, in interleaved rounds. One organization with
 * a realistic directory (30 members, some sharing a first name, 5 teams, 200
 * open tasks, 5 vehicles with positions, 2 campaigns, events); every client
 * signs in as the same AGENT and cycles through a mix of reads, a create and
 * its follow-up "make it urgent" in the same conversation, and an ambiguous
 * name. Every reply's status (and the gist of its text) is checked: a wrong
 * answer is counted as an error, never as a fast answer. Target: askAssistant
 * p99 ≤ 100 ms at 50 clients (absolute; `{ __typename }` is printed beside it
 * to show what the machine gives any request).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_P99_MS = 100;
const TASKS = 200;
const ZONE = 'America/Chicago';

const ASK = `mutation Ask($text: String!, $conversationId: ID, $now: DateTime) {
  askAssistant(text: $text, conversationId: $conversationId, now: $now) { id status text conversationId } }`;
const TYPENAME = '{ __typename }';

/** Thirty people; Alex, Sam and Chris twice each (Marcus and Priya once). */
const PEOPLE: Array<[string, 'AGENT' | 'SUPERVISOR' | 'VIEWER']> = [
  ['Marcus Lee', 'AGENT'],
  ['Priya Raman', 'SUPERVISOR'],
  ['Alex Moreno', 'AGENT'],
  ['Alex Chen', 'AGENT'],
  ['Sam Okafor', 'AGENT'],
  ['Sam Whitaker', 'AGENT'],
  ['Chris Dalton', 'AGENT'],
  ['Chris Nakamura', 'SUPERVISOR'],
  ['Jordan Kim', 'AGENT'],
  ['Taylor Brooks', 'AGENT'],
  ['Morgan Ellis', 'AGENT'],
  ['Riley Novak', 'AGENT'],
  ['Casey Fischer', 'AGENT'],
  ['Jamie Ortiz', 'AGENT'],
  ['Avery Singh', 'AGENT'],
  ['Quinn Harper', 'VIEWER'],
  ['Devon Walsh', 'AGENT'],
  ['Harper Lindqvist', 'AGENT'],
  ['Rowan Patel', 'AGENT'],
  ['Elena Petrova', 'SUPERVISOR'],
  ['Mateo Ruiz', 'AGENT'],
  ['Fatima Haddad', 'AGENT'],
  ['Noah Becker', 'AGENT'],
  ['Grace Mwangi', 'AGENT'],
  ['Liam O’Connor', 'AGENT'],
  ['Yuki Tanaka', 'AGENT'],
  ['Olivia Grant', 'VIEWER'],
  ['Diego Alvarez', 'AGENT'],
];
const TEAMS = ['Dispatch', 'Support', 'Maintenance', 'Sales', 'Warehouse'];
const VERBS = ['Call', 'Check', 'Order', 'Inspect', 'Update', 'Confirm', 'Review', 'Schedule'];
const OBJECTS = [
  'the brake pads for truck {n}',
  'the customer about invoice {n}',
  'the loading dock roster',
  'the fuel card receipts for week {n}',
  'the insurance paperwork for van {n}',
  'the warehouse shelving quote',
  'the holiday schedule',
  'the parking permits',
  'the tire pressure log {n}',
  'the route plan for zone {n}',
];

interface Sample {
  ms: number;
  ok: boolean;
  status: string;
}

interface Body {
  data?: {
    askAssistant?: { status: string; text: string; conversationId: string };
    __typename?: string;
  };
  errors?: unknown[];
}

async function post(
  url: string,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ ms: number; body: Body | null }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Body;
    return { ms: performance.now() - started, body };
  } catch {
    return { ms: performance.now() - started, body: null };
  }
}

/** The first wrong answers of a round, printed once so a failing run says why. */
const wrongAnswers: string[] = [];

async function loadAssistant(api: TestApp, token: string, now: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const client = async (index: number) => {
    for (let next = index; performance.now() < deadline; next += 1) {
      let conversationId: string | undefined;
      for (const step of SCRIPTS[next % SCRIPTS.length]) {
        if (performance.now() >= deadline) break;
        const { ms, body } = await post(api.graphqlUrl, token, ASK, {
          text: step.text,
          now,
          ...(step.follows && conversationId ? { conversationId } : {}),
        });
        const reply = body?.data?.askAssistant;
        const ok =
          !!reply &&
          !body?.errors &&
          reply.status === step.status &&
          step.gist.test(reply.text) &&
          (!step.follows || !!conversationId);
        if (!ok && wrongAnswers.length < 5) {
          wrongAnswers.push(`${step.text} → ${JSON.stringify(body).slice(0, 300)}`);
        }
        samples.push({ ms, ok, status: reply?.status ?? 'ERROR' });
        conversationId = reply?.conversationId;
        // A follow-up whose first turn failed is not asked out of context.
        if (!ok) break;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => client(i)));
  return samples;
}

async function loadTypename(api: TestApp, token: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const { ms, body } = await post(api.graphqlUrl, token, TYPENAME);
      const ok = body?.data?.__typename === 'Query' && !body.errors;
      samples.push({ ms, ok, status: ok ? 'OK' : 'ERROR' });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return samples;
}

/** Invites `name` with `role` into the owner's organization; they accept and are signed in. */
export async function addPerson(
  api: TestApp,
  owner: Account,
  name: string,
  role: string,
): Promise<{ userId: string; accessToken: string; refreshToken: string }> {
  const email = `${name.split(' ')[0].toLowerCase()}-${suffix()}@example.test`;
  await gqlOk(api, ADD_MEMBER, { input: { email, name, role } }, owner.accessToken);
  const mail = await waitForMail(email, /invited you/);
  const accepted = await gqlOk<{
    acceptInvite: { accessToken: string; refreshToken: string; user: { id: string } };
  }>(api, ACCEPT_INVITE, {
    token: tokenIn(mail, '/invitations/accept'),
    password: strongPassword(),
  });
  return {
    userId: accepted.acceptInvite.user.id,
    accessToken: accepted.acceptInvite.accessToken,
    refreshToken: accepted.acceptInvite.refreshToken,
  };
}

export async function seed(api: TestApp, now: Date) {
  const owner = await registerUser(api, {
    name: 'Dana Whitfield',
    organizationName: 'Acme Logistics',
    timezone: ZONE,
  });
  // The benchmark's caller: an AGENT, as most assistant users are.
  const agent = await addPerson(api, owner, 'Robin Castillo', 'AGENT');
  const people: Array<{ userId: string; accessToken: string; name: string }> = [];
  for (let i = 0; i < PEOPLE.length; i += 7) {
    people.push(
      ...(await Promise.all(
        PEOPLE.slice(i, i + 7).map(async ([name, role]) => ({
          name,
          ...(await addPerson(api, owner, name, role)),
        })),
      )),
    );
  }
  const everyone = [owner.userId, agent.userId, ...people.map((person) => person.userId)];
  await api.dataSource.query(`UPDATE app_user SET timezone = $2 WHERE id = ANY($1::uuid[])`, [
    everyone,
    ZONE,
  ]);
  const teams = [];
  for (const name of TEAMS) teams.push(await createTeam(api, owner, name));
  await addTeamMember(api, owner, teams[0].id, agent.userId);
  for (const [i, person] of people.entries()) {
    await addTeamMember(api, owner, teams[i % teams.length].id, person.userId);
  }

  // 200 open tasks across people and teams; 12 of them the agent's own.
  const titles = Array.from(
    { length: TASKS },
    (_, i) =>
      `${VERBS[i % VERBS.length]} ${OBJECTS[(i * 7) % OBJECTS.length].replace('{n}', String(1 + (i % 40)))}`,
  );
  const assignees = Array.from({ length: TASKS }, (_, i) =>
    i % 16 === 0 ? agent.userId : i % 9 === 0 ? null : everyone[i % everyone.length],
  );
  await api.dataSource.query(
    `INSERT INTO task (organization_id, title, description, status, priority, priority_rank, assignee_id,
                       creator_id, team_id, labels, position, source, due_at)
     SELECT $1, ($2::text[])[i], 'Seeded for the assistant benchmark',
            (ARRAY['TODO','IN_PROGRESS','BLOCKED','TODO']::task_status[])[1 + i % 4],
            'MEDIUM', 2, ($3::uuid[])[i], $4, ($5::uuid[])[1 + i % 5], '{}', i * 1024, 'WEB',
            CASE WHEN i % 3 = 0 THEN $6::timestamptz + make_interval(hours => i) END
       FROM generate_series(1, $7) AS i`,
    [
      owner.organizationId,
      titles,
      assignees,
      owner.userId,
      teams.map((team) => team.id),
      now.toISOString(),
      TASKS,
    ],
  );
  await api.dataSource.query('ANALYZE task');

  for (let n = 1; n <= 5; n += 1) {
    const vehicle = await createVehicle(api, owner.accessToken, { name: `Truck ${n}` });
    await recordPositions(api, owner.accessToken, [
      {
        vehicleId: vehicle.id,
        at: new Date(now.getTime() - 60_000),
        lat: 41.88 + n / 100,
        lng: -87.63,
      },
    ]);
  }
  await createCampaign(api, owner.accessToken, { name: 'Winter renewals' });
  await createCampaign(api, owner.accessToken, { name: 'Support line' });

  // Events over the next days for the agent, Priya and others; tomorrow keeps free gaps.
  const priya = people.find((person) => person.name.startsWith('Priya'))!;
  const day = 86_400_000;
  const tomorrow = new Date(Math.floor(now.getTime() / day) * day + day + 15 * 3_600_000); // 09:00 Chicago
  const hour = 3_600_000;
  const event = (token: string, title: string, start: number, minutes: number, who: string[]) =>
    createEvent(api, token, {
      title,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + minutes * 60_000).toISOString(),
      timezone: ZONE,
      attendees: who.map((email) => ({ email })),
    });
  const emailOf = async (userId: string) =>
    (
      await api.dataSource.query<Array<{ email: string }>>(
        'SELECT email FROM app_user WHERE id = $1',
        [userId],
      )
    )[0].email;
  const [agentEmail, priyaEmail] = [await emailOf(agent.userId), await emailOf(priya.userId)];
  await event(agent.accessToken, 'Dispatch standup', tomorrow.getTime(), 30, [priyaEmail]);
  await event(agent.accessToken, 'Route review', tomorrow.getTime() + 2 * hour, 60, []);
  await event(priya.accessToken, 'Supplier call', tomorrow.getTime() + 4 * hour, 45, []);
  await event(priya.accessToken, '1:1 with Elena', tomorrow.getTime() + 6 * hour, 30, []);
  for (let d = 0; d < 7; d += 1) {
    await event(owner.accessToken, `Yard walk ${d + 1}`, tomorrow.getTime() + d * day + hour, 30, [
      agentEmail,
    ]);
  }
  return { owner, agent };
}

async function main(): Promise<void> {
  // The built-in planner: no key, whatever the shell has.
  delete process.env.ANTHROPIC_API_KEY;
  delete process.env.ANTHROPIC_BASE_URL;
  const { api, finish } = await startBenchApi('assistant', {
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
  });
  try {
    const now = new Date();
    const seedStarted = performance.now();
    const { owner, agent } = await seed(api, now);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    // Pinned for the request shape the tests use; production (what benchmarks
    // run) ignores it and uses the server's clock, minutes from this instant.
    const pinned = now.toISOString();
    const openTasks = async () =>
      (
        await api.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM task WHERE organization_id = $1 AND deleted_at IS NULL`,
          [owner.organizationId],
        )
      )[0].n;
    const runsRecorded = async () =>
      (
        await api.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM agent_run WHERE organization_id = $1`,
          [owner.organizationId],
        )
      )[0].n;
    /** Every round starts from the same 200 tasks: the created ones are soft-deleted. */
    const resetTasks = () =>
      api.dataSource.query(
        `UPDATE task SET deleted_at = now() WHERE organization_id = $1 AND source = 'ASSISTANT' AND deleted_at IS NULL`,
        [owner.organizationId],
      );

    // Warm-up, uncounted.
    await loadTypename(api, agent.accessToken);
    await loadAssistant(api, agent.accessToken, pinned);
    await resetTasks();
    wrongAnswers.length = 0;

    const baseline: Sample[][] = [];
    const assistant: Sample[][] = [];
    const cpu: { askAssistant: CpuPerJob[]; typename: CpuPerJob[] } = {
      askAssistant: [],
      typename: [],
    };
    // CPU per request: measured over the round, divided by the requests it made.
    const perRequest = (total: CpuPerJob, requests: number): CpuPerJob => ({
      node: total.node / requests,
      postgres: total.postgres === null ? null : total.postgres / requests,
      redis: total.redis === null ? null : total.redis / requests,
    });
    for (let round = 0; round < ROUNDS; round += 1) {
      const typename = await cpuPerJob(api.dataSource, 1, () =>
        loadTypename(api, agent.accessToken),
      );
      baseline.push(typename.result);
      cpu.typename.push(perRequest(typename.cpu, typename.result.length));
      const before = await runsRecorded();
      const asked = await cpuPerJob(api.dataSource, 1, () =>
        loadAssistant(api, agent.accessToken, pinned),
      );
      const samples = asked.result;
      cpu.askAssistant.push(perRequest(asked.cpu, samples.length));
      const recorded = (await runsRecorded()) - before;
      const answered = samples.filter((sample) => sample.status !== 'ERROR').length;
      if (recorded !== answered) {
        throw new Error(
          `answered ${answered} askAssistant turns, but ${recorded} AgentRuns were recorded`,
        );
      }
      assistant.push(samples);
      await resetTasks();
      if ((await openTasks()) !== TASKS) throw new Error('the task reset left a different board');
    }

    const per = (rounds: Sample[][]) => rounds.map((round) => latencyFigures(round, SECONDS));
    const summary = (rounds: Sample[][]) => {
      const each = per(rounds);
      return {
        rps: Math.round(median(each.map((r) => r.rps))),
        p50Ms: Number(median(each.map((r) => r.p50)).toFixed(1)),
        p95Ms: Number(median(each.map((r) => r.p95)).toFixed(1)),
        p99Ms: Number(median(each.map((r) => r.p99)).toFixed(1)),
        p99PerRoundMs: each.map((r) => Number(r.p99.toFixed(1))),
        requests: each.reduce((sum, r) => sum + r.requests, 0),
        errors: each.reduce((sum, r) => sum + r.errors, 0),
      };
    };
    const ours = summary(assistant);
    const theirs = summary(baseline);
    const statuses: Record<string, number> = {};
    const all = assistant.flat();
    for (const sample of all) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
    const result = {
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      rounds: ROUNDS,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      directory: {
        members: PEOPLE.length + 2,
        teams: TEAMS.length,
        openTasks: TASKS,
        vehicles: 5,
        campaigns: 2,
        events: 11,
      },
      askAssistant: ours,
      typename: theirs,
      cpuPerRequestUs: Object.fromEntries(
        Object.entries(cpu).map(([side, rounds]) => [
          side,
          {
            node: Math.round(median(rounds.map((r) => r.node))),
            postgres:
              rounds[0].postgres === null
                ? null
                : Math.round(median(rounds.map((r) => r.postgres!))),
            redis:
              rounds[0].redis === null ? null : Math.round(median(rounds.map((r) => r.redis!))),
          },
        ]),
      ),
      p99Ratio: Number((ours.p99Ms / theirs.p99Ms).toFixed(1)),
      statusShare: Object.fromEntries(
        Object.entries(statuses).map(([status, n]) => [
          status,
          `${((100 * n) / all.length).toFixed(1)} %`,
        ]),
      ),
      wrongAnswers,
      target: `askAssistant p99 <= ${TARGET_P99_MS} ms at ${CONCURRENCY} clients`,
      targetMet: ours.errors === 0 && ours.p99Ms <= TARGET_P99_MS,
      note: 'latencies of right answers only; medians over the rounds; errors = wrong status, wrong gist, GraphQL or transport error; cpuPerRequestUs: node = this process (api and the 50 in-process clients), postgres = the bench database backends, redis = redis-server',
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await finish();
  }
}

// Imported by scratch profiling scripts for `seed`; run as a script otherwise.
if (require.main === module) runMain(main);
