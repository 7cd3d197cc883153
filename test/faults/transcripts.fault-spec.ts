import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { QueueName } from '@/messaging/queue-names';
import { ADD_PHONE_NUMBER, phoneNumber, postTwilio } from '../factories/calls.factory';
import { gqlOk } from '../factories/identity.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import { tally, tenant } from './harness/scoring';

/** Twilio calls hung up (FAULTS_TRANSCRIPT_CALLS scales it). */
const CALLS = Number(process.env.FAULTS_TRANSCRIPT_CALLS ?? 60);
const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'fault-suite-twilio-token';
const SERVICE_SID = `GA${'4'.repeat(32)}`;
const PUBLIC_URL = 'https://switchboard.faults.test';

const hex = (): string => randomBytes(16).toString('hex');

/**
 * Twilio calls whose recordings are transcribed through the fake
 * Conversational Intelligence (polling: each transcript is done at its third
 * fetch), while the worker is SIGKILLed in the middle of the work and Redis
 * is restarted empty (`SHUTDOWN NOSAVE`) with transcript jobs waiting in it
 * and no worker to take them. The transcript reconciler re-sends the lost
 * jobs: every call ends with one transcript requested at Twilio, its
 * transcript COMPLETED, and exactly one score.
 */
describe(`fault: ${CALLS} Twilio recordings transcribed with the worker killed and Redis restarted empty`, () => {
  let world: FaultEnvironment;
  let twilio: FakeTwilio;

  beforeAll(async () => {
    twilio = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
    twilio.ownsEveryNumber = true;
    twilio.defaultTranscriptPlan = { completeAfterPolls: 2 };
    world = await FaultEnvironment.start({
      env: {
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        TWILIO_INTELLIGENCE_BASE_URL: twilio.url,
        TWILIO_INTELLIGENCE_SERVICE_SID: SERVICE_SID,
        PUBLIC_URL,
        CALL_TRANSCRIPT_POLL_MS: '1500',
        CALL_TRANSCRIPT_TIMEOUT_MS: '600000',
        ANTHROPIC_API_KEY: '',
      },
    });
  });
  afterAll(async () => {
    await world?.close();
    await twilio?.stop();
  });

  it('transcribes and scores every call exactly once', async () => {
    const { owner, campaignId } = await tenant(world.api);
    const number = phoneNumber();
    await gqlOk(world.api, ADD_PHONE_NUMBER, { input: { number, campaignId } }, owner.accessToken);
    const post = (path: string, params: Record<string, string>) =>
      postTwilio(world.api, path, params, {
        authToken: AUTH_TOKEN,
        signedUrl: `${PUBLIC_URL}${path}`,
      }).expect(204);
    const recordings = new Map<string, string>();
    for (let i = 0; i < CALLS; i += 1) {
      const callSid = `CA${hex()}`;
      const recordingSid = `RE${hex()}`;
      recordings.set(callSid, recordingSid);
      const base = { AccountSid: ACCOUNT_SID, CallSid: callSid };
      await post('/webhooks/twilio/status', {
        ...base,
        From: '+14155559999',
        To: number,
        Direction: 'inbound',
        CallStatus: 'completed',
        CallDuration: '32',
      });
      await post('/webhooks/twilio/recording', {
        ...base,
        RecordingSid: recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
        RecordingStatus: 'completed',
      });
      // The worker dies while transcripts are being requested and polled.
      if (i === Math.floor(CALLS / 3)) await world.worker.kill();
      if (i === Math.floor(CALLS / 2)) await world.worker.start();
    }

    // The worker is killed again; the relay (in the api) keeps publishing due jobs into Redis.
    await waitFor(() => (twilio.transcripts.size >= CALLS / 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'half the transcripts to be requested',
    });
    await world.worker.kill();
    const queue = new Queue(QueueName.CallTranscripts, {
      prefix: world.bullPrefix,
      connection: { host: '127.0.0.1', port: world.redis.port, maxRetriesPerRequest: 1 },
    });
    try {
      const waiting = await waitFor(
        async () => {
          const [{ due }] = await world.query<{ due: number }>(
            `SELECT COUNT(*)::int AS due FROM outbox_event
              WHERE published_at IS NULL AND available_at <= now()`,
          );
          const count = await queue.getWaitingCount();
          return due === 0 && count >= 5 ? count : undefined;
        },
        { timeoutMs: 60_000, what: 'transcript jobs waiting in Redis with no worker' },
      );
      expect(waiting).toBeGreaterThanOrEqual(5);
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
        sid: string;
        transcript_status: string;
        score_status: string;
        scores: number;
      }>(
        `SELECT c.id, c.twilio_call_sid AS sid, c.transcript_status, c.score_status,
                (SELECT COUNT(*)::int FROM call_score s WHERE s.call_id = c.id) AS scores
           FROM call c WHERE c.organization_id = (
             SELECT organization_id FROM phone_number WHERE number = $1)`,
        [number],
      );
    await waitFor(
      async () => {
        const rows = await state();
        return rows.length === CALLS && rows.every((row) => row.score_status === 'SCORED')
          ? true
          : undefined;
      },
      {
        timeoutMs: 240_000,
        intervalMs: 2000,
        what: `all ${CALLS} calls to be transcribed and SCORED`,
      },
    ).catch(async (error: Error) => {
      const rows = await state();
      throw new Error(
        `${error.message}: transcripts ${JSON.stringify(tally(rows, 'transcript_status'))}, scores ${JSON.stringify(
          tally(rows, 'score_status'),
        )}\n${world.describe()}`,
      );
    });
    const rows = await state();
    expect(tally(rows, 'transcript_status')).toEqual({ COMPLETED: CALLS });
    expect(tally(rows, 'scores')).toEqual({ 1: CALLS });
    // One Transcript requested at Twilio per recording, however often the work was redone.
    for (const row of rows) {
      expect(twilio.transcriptsOf(recordings.get(row.sid)!)).toHaveLength(1);
    }
  });
});
