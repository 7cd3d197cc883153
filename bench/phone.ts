import './production-env';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import {
  Event,
  httpTransport,
  Input,
  simulateCall,
  simulateSms,
  WebhookResponse,
} from '@/cli/phone-simulator/simulator';
import { parseTwiml, TwimlElement } from '@/cli/phone-simulator/twiml';
import { FakeTwilio } from '../test/fakes/twilio.fake';
import {
  Account,
  addMemberWithRole,
  gqlOk,
  registerUser,
} from '../test/factories/identity.factory';
import { ADD_PHONE_NUMBER, givePhoneAndPin, PhoneMember } from '../test/factories/phone.factory';
import { TestApp } from '../test/utils/test-app';
import { latencyFigures, median, runMain, startBenchApi } from './bench-api';
import { cpuPerJob, CpuPerJob } from './cpu-per-job';

/**
 * `npm run bench:phone` — issue 18's targets, side by side in one run: the
 * phone assistant's webhooks through the built-in planner (no
 * ANTHROPIC_API_KEY) under BENCH_CALLS concurrent simulated calls, beside
 * the same server's `{ __typename }` at the same concurrency, then the SMS
 * webhook under as many concurrent senders, in interleaved rounds.
 *
 * The calls are placed by the phone simulator's code (src/cli/phone-simulator),
 * signed like Twilio's: each call POSTs /webhooks/twilio/voice, keys the
 * caller's PIN at the first Gather, says two or three requests ("list my
 * tasks", "add a task to call the depot tomorrow at 9", …), follows any
 * Redirect, hangs up and posts the status callback. Every webhook answer must
 * be 200 with TwiML that continues the call (a Gather after the PIN and after
 * each request); anything else is an error, printed, and fails the run. A
 * latency is the time from sending one webhook to having read its whole
 * answer, counted by kind: voice (the call's first webhook), PIN (the Gather
 * carrying the PIN: one argon2 verification), request (a Gather carrying
 * speech), redirect, status. SMS senders text their PIN once before the
 * rounds (unlocking the number; not counted), then only requests are counted.
 *
 * Target (absolute): webhook → TwiML p99 ≤ 150 ms for voice, request and SMS
 * (a PIN turn may cost one argon2 verification more), at 100 concurrent calls.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Waited before following a Redirect: Twilio first plays the filler before it. */
const REDIRECT_DELAY_MS = Number(process.env.BENCH_REDIRECT_DELAY_MS ?? 500);
const TARGET_P99_MS = 150;
const ZONE = 'America/Chicago';
const AUTH_TOKEN = `bench-twilio-${randomBytes(8).toString('hex')}`;
const PUBLIC_URL = 'https://switchboard.bench.example';
const TASKS_PER_MEMBER = 6;

/**
 * What callers ask, two or three per call (each call starts elsewhere in the
 * list), with the gist of a right answer from the built-in planner.
 */
const REQUESTS: Array<{ text: string; gist: RegExp; adds?: boolean }> = [
  { text: 'list my tasks', gist: /^(\d+ tasks?: |No tasks match)/ },
  {
    text: 'add a task to call the depot tomorrow at 9',
    gist: /^Created the task "Call the depot"/,
    adds: true,
  },
  { text: "what's on my plate", gist: /^\d+ tasks?: / },
  {
    text: 'add a task to order brake pads by Friday',
    gist: /^Created the task "Order brake pads"/,
    adds: true,
  },
  { text: "what's due this week", gist: /^(\d+ tasks?: |No tasks match)/ },
];
const SMS_REQUESTS = [REQUESTS[0], REQUESTS[1], REQUESTS[4]];
/** The answer to a right PIN (voice.service.ts). */
const GREETING = /^Hi \w+\. What can I do for you\?$/;

type Kind = 'voice' | 'pin' | 'request' | 'redirect' | 'status' | 'sms' | 'typename';

interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

/** The first errors of the run, printed at the end so a failing run says why. */
const errors: string[] = [];
const noteError = (text: string): void => {
  if (errors.length < 10) errors.push(text);
};

const says = (response: TwimlElement): string[] => {
  const out: string[] = [];
  const visit = (element: TwimlElement) => {
    if (element.name === 'Say' || element.name === 'Message') out.push(element.text);
    element.children.forEach(visit);
  };
  visit(response);
  return out;
};
const hasGather = (response: TwimlElement): boolean =>
  response.children.some((verb) => verb.name === 'Gather');
const hasRedirect = (response: TwimlElement): boolean =>
  response.children.some((verb) => verb.name === 'Redirect');

/** The answer's TwiML, or why it is not 200 TwiML. */
function twimlOf(response: WebhookResponse): TwimlElement | string {
  if (response.status !== 200) return `HTTP ${response.status}`;
  try {
    return parseTwiml(response.body);
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the Gather of an answer says (the assistant's reply is its prompt). */
const gatherSays = (twiml: TwimlElement): string =>
  twiml.children
    .filter((verb) => verb.name === 'Gather')
    .flatMap(says)
    .join(' ');

/**
 * Whether one voice answer is right: 200 TwiML, and the call goes on — a
 * Gather whose prompt has the gist expected (the greeting after a PIN, the
 * planner's answer after a request), or a filler and a Redirect to collect a
 * slow answer (whose answer is checked in turn). The status callback only
 * needs a 2xx.
 */
function voiceAnswerOk(
  kind: Kind,
  response: WebhookResponse,
  gist: RegExp | null,
): { problem: string | null; answered: boolean } {
  if (kind === 'status') {
    const ok = response.status >= 200 && response.status < 300;
    return { problem: ok ? null : `HTTP ${response.status}`, answered: false };
  }
  const twiml = twimlOf(response);
  if (typeof twiml === 'string') return { problem: twiml, answered: false };
  if (hasRedirect(twiml) && !hasGather(twiml)) return { problem: null, answered: false };
  if (!hasGather(twiml))
    return { problem: `the call does not go on: ${says(twiml).join(' ')}`, answered: false };
  const said = gatherSays(twiml);
  if (gist && !gist.test(said)) return { problem: `wrong answer: ${said}`, answered: false };
  return { problem: null, answered: true };
}

function smsAnswerOk(response: WebhookResponse, gist: RegExp): string | null {
  const twiml = twimlOf(response);
  if (typeof twiml === 'string') return twiml;
  // The built-in planner answers in the TwiML.
  const said = says(twiml).join(' ');
  if (said === '') return 'no <Message> (the built-in planner replies in the TwiML)';
  return gist.test(said) ? null : `wrong answer: ${said}`;
}

async function loadCalls(
  api: TestApp,
  members: PhoneMember[],
  number: string,
  counters: { adds: number },
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const transport = httpTransport(api.url, AUTH_TOKEN);
  const caller = async (index: number) => {
    const member = members[index % members.length];
    for (let call = 0; performance.now() < deadline; call += 1) {
      const asks = 2 + ((index + call) % 2); // two or three requests
      const asked = Array.from(
        { length: asks },
        (_, i) => REQUESTS[(index + call + i) % REQUESTS.length],
      );
      const lines = [`${member.pin}#`, ...asked.map((request) => request.text)];
      let turn = 0;
      const input: Input = () => {
        // A call started before the deadline is played to its end, so every kind is sampled.
        if (turn >= lines.length) return Promise.resolve(null);
        return Promise.resolve(lines[turn++]);
      };
      // The request whose answer is awaited (through redirects, when slow).
      let pending: (typeof REQUESTS)[number] | null = null;
      const onEvent = (event: Event) => {
        if (event.kind !== 'exchange') return;
        const { request, response } = event;
        const kind: Kind =
          request.purpose === 'gather'
            ? request.params.Digits !== undefined
              ? 'pin'
              : 'request'
            : request.purpose;
        if (kind === 'pin') pending = { text: 'PIN', gist: GREETING };
        if (kind === 'request') {
          pending = REQUESTS.find((r) => r.text === request.params.SpeechResult) ?? null;
        }
        const gist = kind === 'voice' ? null : (pending?.gist ?? null);
        const { problem, answered } = voiceAnswerOk(kind, response, gist);
        if (problem) {
          noteError(`${kind} ${request.signedUrl}: ${problem} ${response.body.slice(0, 160)}`);
        }
        if (answered && (kind === 'request' || kind === 'redirect') && pending) {
          if (pending.adds) counters.adds += 1;
          pending = null;
        }
        samples.push({ kind, ms: response.ms, ok: problem === null });
      };
      const outcome = await simulateCall({
        transport,
        publicUrl: PUBLIC_URL,
        from: member.phone,
        to: number,
        input,
        onEvent,
        redirectDelayMs: REDIRECT_DELAY_MS,
      });
      for (const error of outcome.errors) noteError(`call ${outcome.sid}: ${error}`);
    }
  };
  await Promise.all(Array.from({ length: CALLS }, (_, i) => caller(i)));
  return samples;
}

async function loadSms(api: TestApp, members: PhoneMember[], number: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const transport = httpTransport(api.url, AUTH_TOKEN);
  const sender = async (index: number) => {
    const member = members[index % members.length];
    let sent = 0;
    const outcome = await simulateSms({
      transport,
      publicUrl: PUBLIC_URL,
      from: member.phone,
      to: number,
      input: () =>
        Promise.resolve(
          performance.now() < deadline
            ? SMS_REQUESTS[(index + sent++) % SMS_REQUESTS.length].text
            : null,
        ),
      onEvent: (event) => {
        if (event.kind !== 'exchange') return;
        const asked = SMS_REQUESTS.find((r) => r.text === event.request.params.Body);
        const problem = smsAnswerOk(event.response, asked?.gist ?? /^$/);
        if (problem) noteError(`sms ${event.request.params.Body}: ${problem}`);
        samples.push({ kind: 'sms', ms: event.response.ms, ok: problem === null });
      },
    });
    for (const error of outcome.errors) noteError(`sms ${member.phone}: ${error}`);
  };
  await Promise.all(Array.from({ length: CALLS }, (_, i) => sender(i)));
  return samples;
}

async function loadTypename(api: TestApp, token: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      let ok = false;
      try {
        const response = await fetch(api.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        const body = (await response.json()) as { data?: { __typename?: string } };
        ok = response.status === 200 && body.data?.__typename === 'Query';
      } catch {
        ok = false;
      }
      samples.push({ kind: 'typename', ms: performance.now() - started, ok });
    }
  };
  await Promise.all(Array.from({ length: CALLS }, client));
  return samples;
}

/** A PIN the service accepts (not one repeated digit, not a run), different per caller. */
function pinFor(n: number): string {
  for (let k = n; ; k += 1000) {
    const pin = String(1000 + ((4826 + k * 7919) % 9000));
    if (new Set(pin).size > 1 && !'0123456789'.includes(pin) && !'9876543210'.includes(pin)) {
      return pin;
    }
  }
}

/** Caller `n`: an AGENT (invited, accepted) with a profile phone and a PIN. */
async function addCaller(api: TestApp, owner: Account, n: number) {
  const account = await addMemberWithRole(api, owner, 'AGENT');
  // Distinct numbers in one block, so no two members share a caller ID.
  const phone = `+1312555${1000 + n}`;
  return givePhoneAndPin(api, account, pinFor(n), phone, ZONE);
}

async function seed(api: TestApp, twilio: FakeTwilio) {
  const owner = await registerUser(api, {
    name: 'Dana Whitfield',
    organizationName: 'Acme Logistics',
    timezone: ZONE,
  });
  const number = '+13125550100';
  twilio.own(number);
  await gqlOk(
    api,
    ADD_PHONE_NUMBER,
    { input: { number, voiceAssistant: true, smsAssistant: true } },
    owner.accessToken,
  );
  const members: PhoneMember[] = [];
  for (let i = 0; i < CALLS; i += 10) {
    members.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, CALLS - i) }, (_, j) => addCaller(api, owner, i + j + 1)),
      )),
    );
  }
  // A few open tasks each, so "list my tasks" reads a real list.
  await api.dataSource.query(
    `INSERT INTO task (organization_id, title, description, status, priority, priority_rank, assignee_id,
                       creator_id, labels, position, source, due_at)
     SELECT $1, 'Check the fuel card receipts for week ' || i, 'Seeded for the phone benchmark',
            (ARRAY['TODO','IN_PROGRESS']::task_status[])[1 + i % 2], 'MEDIUM', 2,
            ($2::uuid[])[1 + (i % array_length($2::uuid[], 1))], $3, '{}', i * 1024, 'WEB',
            CASE WHEN i % 3 = 0 THEN now() + make_interval(days => i % 7) END
       FROM generate_series(0, $4 - 1) AS i`,
    [owner.organizationId, members.map((m) => m.userId), owner.userId, TASKS_PER_MEMBER * CALLS],
  );
  await api.dataSource.query('ANALYZE task');
  return { owner, number, members };
}

async function main(): Promise<void> {
  // The built-in planner: no key, whatever the shell has.
  delete process.env.ANTHROPIC_API_KEY;
  delete process.env.ANTHROPIC_BASE_URL;
  const twilio = await new FakeTwilio(`AC${randomBytes(16).toString('hex')}`, AUTH_TOKEN).start();
  const { api, finish } = await startBenchApi('phone', {
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_BASE_URL: twilio.url,
    PUBLIC_URL,
  });
  try {
    const seedStarted = performance.now();
    const { owner, number, members } = await seed(api, twilio);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const newTasks = async () =>
      (
        await api.dataSource.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM task
            WHERE organization_id = $1 AND source <> 'WEB' AND deleted_at IS NULL`,
          [owner.organizationId],
        )
      )[0].n;
    /** Every round starts from the same board: the tasks callers created are soft-deleted. */
    const resetTasks = () =>
      api.dataSource.query(
        `UPDATE task SET deleted_at = now() WHERE organization_id = $1 AND source <> 'WEB' AND deleted_at IS NULL`,
        [owner.organizationId],
      );

    // Every sender unlocks its number with its PIN (not counted), which also warms up.
    const unlock = await Promise.all(
      members.map((member) =>
        simulateSms({
          transport: httpTransport(api.url, AUTH_TOKEN),
          publicUrl: PUBLIC_URL,
          from: member.phone,
          to: number,
          input: (() => {
            let sent = false;
            return () => Promise.resolve(sent ? null : ((sent = true), member.pin));
          })(),
        }),
      ),
    );
    const unlockErrors = unlock.flatMap((outcome) => outcome.errors);
    if (unlockErrors.length > 0) throw new Error(`SMS unlock failed: ${unlockErrors[0]}`);

    // Warm-up, uncounted.
    const warm = { adds: 0 };
    await loadTypename(api, owner.accessToken);
    await loadCalls(api, members, number, warm);
    await loadSms(api, members, number);
    await resetTasks();
    errors.length = 0;

    const rounds: Array<{
      calls: Sample[];
      typename: Sample[];
      sms: Sample[];
      seconds: Record<'calls' | 'sms' | 'typename', number>;
    }> = [];
    // How long each phase of the round under way took (calls end after the deadline).
    let seconds: Record<'calls' | 'sms' | 'typename', number> = { calls: 0, sms: 0, typename: 0 };
    // CPU per webhook (or per { __typename }): measured over the phase, divided by its requests.
    const cpu: Record<'calls' | 'sms' | 'typename', CpuPerJob[]> = {
      calls: [],
      sms: [],
      typename: [],
    };
    const measure = async (side: keyof typeof cpu, run: () => Promise<Sample[]>) => {
      const started = performance.now();
      const { result, cpu: total } = await cpuPerJob(api.dataSource, 1, run);
      const n = Math.max(1, result.length);
      cpu[side].push({
        node: total.node / n,
        postgres: total.postgres === null ? null : total.postgres / n,
        redis: total.redis === null ? null : total.redis / n,
      });
      seconds[side] = (performance.now() - started) / 1000;
      return result;
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      const typename = await measure('typename', () => loadTypename(api, owner.accessToken));
      const counters = { adds: 0 };
      const calls = await measure('calls', () => loadCalls(api, members, number, counters));
      // Every "add a task" answered right made exactly one task (no lost or doubled effects).
      const created = await newTasks();
      if (created !== counters.adds) {
        noteError(
          `round ${round + 1}: ${counters.adds} voice adds answered, ${created} tasks made`,
        );
      }
      await resetTasks();
      const sms = await measure('sms', () => loadSms(api, members, number));
      await resetTasks();
      rounds.push({ calls, typename, sms, seconds });
      seconds = { calls: 0, sms: 0, typename: 0 };
    }

    const summary = (
      side: 'calls' | 'sms' | 'typename',
      pick: (round: (typeof rounds)[number]) => Sample[],
    ) => {
      const each = rounds.map((round) => latencyFigures(pick(round), round.seconds[side]));
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
    const ofKind = (kind: Kind) =>
      summary('calls', (round) => round.calls.filter((s) => s.kind === kind));
    const voice = {
      voice: ofKind('voice'),
      pin: ofKind('pin'),
      request: ofKind('request'),
      redirect: ofKind('redirect'),
      status: ofKind('status'),
    };
    const typename = summary('typename', (round) => round.typename);
    const sms = summary('sms', (round) => round.sms);
    const met = (figures: { p99Ms: number; errors: number; requests: number }) =>
      figures.requests > 0 && figures.errors === 0 && figures.p99Ms <= TARGET_P99_MS;
    const result = {
      concurrency: CALLS,
      seconds: SECONDS,
      phaseSeconds: rounds.map((round) => round.seconds),
      rounds: ROUNDS,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      members: members.length,
      tasksPerMember: TASKS_PER_MEMBER,
      sideBySide: Object.fromEntries(
        [
          ...Object.entries(voice).map(([kind, f]) => [`${kind} webhook`, f] as const),
          ['sms webhook', sms] as const,
          ['{ __typename }', typename] as const,
        ].map(([label, f]) => [
          label,
          `${f.rps} req/s, p50 ${f.p50Ms} / p95 ${f.p95Ms} / p99 ${f.p99Ms} ms (${f.requests} requests, ${f.errors} errors)`,
        ]),
      ),
      voice,
      sms,
      typename,
      cpuPerRequestUs: Object.fromEntries(
        Object.entries(cpu).map(([side, each]) => [
          side,
          {
            node: Math.round(median(each.map((r) => r.node))),
            postgres:
              (each[0]?.postgres ?? null) === null
                ? null
                : Math.round(median(each.map((r) => r.postgres!))),
            redis:
              (each[0]?.redis ?? null) === null
                ? null
                : Math.round(median(each.map((r) => r.redis!))),
          },
        ]),
      ),
      targets: {
        'voice p99 <= 150 ms': met(voice.voice),
        'request p99 <= 150 ms': met(voice.request),
        'pin p99 <= 150 ms + one argon2 verification': voice.pin.p99Ms,
        'sms p99 <= 150 ms': met(sms),
      },
      errors,
      note: 'cpuPerRequestUs: node = this process (api and the in-process callers), postgres = the bench database backends, redis = redis-server, per webhook of the phase (calls: all kinds); latencies of right answers only (200 TwiML that goes on; SMS: a <Message> that is not a refusal); medians over the rounds; { __typename } from the same server at the same concurrency',
    };
    console.log(JSON.stringify(result, null, 2));
    const failed = [...Object.values(voice), sms, typename].reduce((n, f) => n + f.errors, 0);
    if (failed > 0)
      throw new Error(`${failed} webhook answers were wrong or not 200; first: ${errors[0]}`);
  } finally {
    await finish();
    await twilio.stop();
  }
}

runMain(main);
