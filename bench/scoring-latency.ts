import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  ADD_PHONE_NUMBER,
  createCampaign,
  IMPORT_CALL,
  phoneNumber,
  postTwilio,
  sampleTranscript,
} from '../test/factories/calls.factory';
import { gqlOk, registerUser } from '../test/factories/identity.factory';
import { FakeTwilio } from '../test/fakes/twilio.fake';
import { TestApp } from '../test/utils/test-app';
import { connect, subscribe } from '../test/utils/ws-client';
import { percentile } from './bench-api';

/** Knobs of the latency phase (bench/README.md). */
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 2000);
const RATE = Number(process.env.BENCH_CALL_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const IMPORT_CONCURRENCY = Number(process.env.BENCH_IMPORT_CONCURRENCY ?? 8);

export const TWILIO_ACCOUNT_SID = `AC${'4'.repeat(32)}`;
export const TWILIO_AUTH_TOKEN = 'bench-scoring-twilio-auth-token';
const SERVICE_SID = `GA${'6'.repeat(32)}`;
export const BENCH_PUBLIC_URL = 'https://switchboard.bench.test';

/** The environment the api and the worker need for the Twilio path against `twilio`. */
export function twilioEnv(twilio: FakeTwilio): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: twilio.url,
    TWILIO_INTELLIGENCE_BASE_URL: twilio.url,
    TWILIO_INTELLIGENCE_SERVICE_SID: SERVICE_SID,
    PUBLIC_URL: BENCH_PUBLIC_URL,
  };
}

/** CPU ticks (utime + stime) of a process, from /proc; 0 when unreadable. */
function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The worker as its own process (`src/worker.ts` compiled), so its CPU is counted apart from the api's. */
async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'tsconfig-paths/register', join(__dirname, '..', 'src', 'worker.js')],
    { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited ${code}:\n${output}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  return child;
}

export interface LatencyResult {
  calls: number;
  scored: number;
  p50: number;
  p99: number;
  max: number;
  importsScored: number;
  /** CPU per scored call (tracked calls and imports), µs. */
  apiCpuUs: number;
  workerCpuUs: number;
  postgresCpuUs: number;
}

/**
 * Hang-up to `callScored`: Twilio calls arriving at RATE per second for
 * SECONDS, each through the status webhook (completed), the recording
 * webhook, the fake Intelligence transcript (completed at once, its webhook
 * posted back) and the worker's scoring, timed from the status webhook's
 * send to the `callScored` event on a graphql-ws subscription — while
 * IMPORTS calls imported through `importCall` drain on the same queue.
 * The api (with this load generator in its process) and the worker (a
 * process of its own) are measured apart from /proc.
 */
export async function latencyPhase(
  api: TestApp,
  twilio: FakeTwilio,
  workerEnv: Record<string, string>,
): Promise<LatencyResult> {
  const dataSource = api.app.get(DataSource);
  const owner = await registerUser(api);
  const live = await createCampaign(api, owner.accessToken);
  const bulk = await createCampaign(api, owner.accessToken);
  const number = phoneNumber();
  await gqlOk(api, ADD_PHONE_NUMBER, { input: { number, campaignId: live.id } }, owner.accessToken);

  const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
  const scoredAt = new Map<string, number>();
  const subscription = subscribe<{ callScored: { call: { id: string } } }>(
    client,
    'subscription ($campaignId: ID) { callScored(campaignId: $campaignId) { id call { id } } }',
    { campaignId: live.id },
  );
  const seen = setInterval(() => {
    for (const result of subscription.received.splice(0)) {
      const id = result.data?.callScored.call.id;
      if (id && !scoredAt.has(id)) scoredAt.set(id, performance.now());
    }
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const worker = await spawnWorker(workerEnv);
  const backends = async (): Promise<number[]> =>
    (
      await dataSource.query<Array<{ pid: number }>>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
      )
    ).map((row) => row.pid);
  const apiBefore = process.cpuUsage();
  const workerBefore = ticksOf(worker.pid!);
  const pgBefore = new Map((await backends()).map((pid) => [pid, ticksOf(pid)]));

  try {
    // The import: IMPORTS calls through importCall, IMPORT_CONCURRENCY at a time.
    let next = 0;
    const importing = Promise.all(
      Array.from({ length: IMPORT_CONCURRENCY }, async () => {
        while (next < IMPORTS) {
          next += 1;
          await gqlOk(
            api,
            IMPORT_CALL,
            {
              input: {
                direction: 'INBOUND',
                from: '+14155550111',
                to: '+14155550100',
                campaignId: bulk.id,
                transcript: sampleTranscript(),
                externalId: `bench-${next}-${randomBytes(4).toString('hex')}`,
              },
            },
            owner.accessToken,
          );
        }
      }),
    );
    // Let the import build a backlog first.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const send = (path: string, params: Record<string, string>) =>
      postTwilio(api, path, params, {
        authToken: TWILIO_AUTH_TOKEN,
        signedUrl: `${BENCH_PUBLIC_URL}${path}`,
      });
    const hungUp = new Map<string, number>(); // CallSid → time
    const sids: string[] = [];
    const arrivals: Array<Promise<void>> = [];
    const total = RATE * SECONDS;
    const started = performance.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const callSid = `CA${randomBytes(16).toString('hex')}`;
      const recordingSid = `RE${randomBytes(16).toString('hex')}`;
      sids.push(callSid);
      twilio.planTranscript(recordingSid, {
        webhook: {
          url: `${api.url}/webhooks/twilio/transcript`,
          signedUrl: `${BENCH_PUBLIC_URL}/webhooks/twilio/transcript`,
          delayMs: 0,
        },
      });
      const status = {
        AccountSid: TWILIO_ACCOUNT_SID,
        CallSid: callSid,
        From: '+14155559999',
        To: number,
        Direction: 'inbound',
        CallDuration: '32',
      };
      arrivals.push(
        (async () => {
          await send('/webhooks/twilio/status', { ...status, CallStatus: 'in-progress' }).expect(
            204,
          );
          hungUp.set(callSid, performance.now());
          await send('/webhooks/twilio/status', { ...status, CallStatus: 'completed' }).expect(204);
          await send('/webhooks/twilio/recording', {
            AccountSid: TWILIO_ACCOUNT_SID,
            CallSid: callSid,
            RecordingSid: recordingSid,
            RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Recordings/${recordingSid}`,
            RecordingStatus: 'completed',
            RecordingChannels: '2',
            RecordingDuration: '32',
          }).expect(204);
        })(),
      );
    }
    await Promise.all(arrivals);
    await importing;

    // Every tracked call scored (and the import drained), or give up after 2 minutes.
    const deadline = Date.now() + 120_000;
    let idBySid = new Map<string, string>();
    for (;;) {
      const rows = await dataSource.query<Array<{ id: string; sid: string }>>(
        'SELECT id, twilio_call_sid AS sid FROM call WHERE twilio_call_sid = ANY($1)',
        [sids],
      );
      idBySid = new Map(rows.map((row) => [row.sid, row.id]));
      const [{ open }] = await dataSource.query<Array<{ open: number }>>(
        `SELECT COUNT(*)::int AS open FROM call WHERE organization_id = $1 AND score_status <> 'SCORED'`,
        [owner.organizationId],
      );
      const allSeen = [...idBySid.values()].every((id) => scoredAt.has(id));
      if ((open === 0 && allSeen && idBySid.size === sids.length) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [{ imports }] = await dataSource.query<Array<{ imports: number }>>(
      `SELECT COUNT(*)::int AS imports FROM call WHERE campaign_id = $1 AND score_status = 'SCORED'`,
      [bulk.id],
    );
    const latencies = sids
      .map((sid) => {
        const id = idBySid.get(sid);
        const end = id ? scoredAt.get(id) : undefined;
        return end === undefined ? undefined : end - hungUp.get(sid)!;
      })
      .filter((ms): ms is number => ms !== undefined)
      .sort((a, b) => a - b);

    const apiUsage = process.cpuUsage(apiBefore);
    const workerTicks = ticksOf(worker.pid!) - workerBefore;
    const pgTicks = (await backends()).reduce(
      (sum, pid) => sum + ticksOf(pid) - (pgBefore.get(pid) ?? 0),
      0,
    );
    const scoredCalls = latencies.length + imports;
    return {
      calls: sids.length,
      scored: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      importsScored: imports,
      apiCpuUs: (apiUsage.user + apiUsage.system) / scoredCalls,
      workerCpuUs: (workerTicks * 10_000) / scoredCalls,
      postgresCpuUs: (pgTicks * 10_000) / scoredCalls,
    };
  } finally {
    clearInterval(seen);
    subscription.unsubscribe();
    await client.dispose();
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}
