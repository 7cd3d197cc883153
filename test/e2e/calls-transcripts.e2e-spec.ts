import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import {
  ADD_PHONE_NUMBER,
  createCampaign,
  phoneNumber,
  postTwilio,
} from '../factories/calls.factory';
import { FakeTwilio, FakeTranscriptPlan } from '../fakes/twilio.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';
import { standalone } from '../utils/standalone';

const AUTH_TOKEN = 'twilio-auth-token-for-transcripts';
const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const SERVICE_SID = `GA${'5'.repeat(32)}`;
const PUBLIC_URL = 'https://switchboard.example.test';
const STATUS_PATH = '/webhooks/twilio/status';
const RECORDING_PATH = '/webhooks/twilio/recording';
const TRANSCRIPT_PATH = '/webhooks/twilio/transcript';

const hex = (): string => randomBytes(16).toString('hex');

const CALL_QUERY = `query ($id: ID!) { call(id: $id) { id status scoreStatus recordingSid recordingUrl
  transcriptStatus transcriptError transcriptSid redactions durationSec
  transcript { speaker text startSec endSec } } }`;
const CALL_SCORED = `subscription ($campaignId: ID) { callScored(campaignId: $campaignId) {
  id overall scorer call { id scoreStatus transcriptStatus } } }`;
const CALL_UPDATED = `subscription ($campaignId: ID) { callUpdated(campaignId: $campaignId) {
  id transcriptStatus transcriptError scoreStatus } }`;

describe('Twilio calls, recording to transcript to score', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let twilio: FakeTwilio;
  const clients: Array<ReturnType<typeof connect>> = [];

  beforeAll(async () => {
    twilio = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
    twilio.ownsEveryNumber = true;
    const env = {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_INTELLIGENCE_BASE_URL: twilio.url,
      TWILIO_INTELLIGENCE_SERVICE_SID: SERVICE_SID,
      PUBLIC_URL,
      CALL_TRANSCRIPT_POLL_MS: '1000',
      CALL_TRANSCRIPT_TIMEOUT_MS: '2500',
      CALL_TRANSCRIPT_MAX_ATTEMPTS: '2',
      CALL_DELETE_TWILIO_RECORDING: 'true',
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_BASE_URL: undefined,
    };
    api = await startApi({ env });
    worker = await startWorker({ env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await worker?.close();
    await api?.close();
    await twilio?.stop();
  });

  const send = (path: string, params: Record<string, string>, headers?: Record<string, string>) =>
    postTwilio(api, path, params, {
      authToken: AUTH_TOKEN,
      signedUrl: `${PUBLIC_URL}${path}`,
      headers,
    });

  /** An organization owning a Twilio number routed to a campaign with the standard scorecard. */
  async function line() {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    const number = phoneNumber();
    await gqlOk(
      api,
      ADD_PHONE_NUMBER,
      { input: { number, campaignId: campaign.id } },
      owner.accessToken,
    );
    return { owner, campaign, number };
  }

  const statusParams = (callSid: string, number: string, status: string) => ({
    AccountSid: ACCOUNT_SID,
    CallSid: callSid,
    From: '+14155559999',
    To: number,
    Direction: 'inbound',
    CallStatus: status,
    CallDuration: '32',
  });

  const recordingParams = (callSid: string, recordingSid: string) => ({
    AccountSid: ACCOUNT_SID,
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
    RecordingStatus: 'completed',
    RecordingChannels: '2',
    RecordingDuration: '32',
  });

  /** A completed inbound call on the line whose dual-channel recording follows `plan`; returns its id. */
  async function hangUp(
    number: string,
    token: string,
    plan: FakeTranscriptPlan,
  ): Promise<{ callId: string; callSid: string; recordingSid: string }> {
    const callSid = `CA${hex()}`;
    const recordingSid = `RE${hex()}`;
    twilio.planTranscript(recordingSid, plan);
    await send(STATUS_PATH, statusParams(callSid, number, 'in-progress')).expect(204);
    await send(STATUS_PATH, statusParams(callSid, number, 'completed')).expect(204);
    const { calls } = await gqlOk(
      api,
      'query { calls(first: 50) { nodes { id twilioCallSid } } }',
      {},
      token,
    );
    const callId = (calls.nodes as Array<{ id: string; twilioCallSid: string }>).find(
      (node) => node.twilioCallSid === callSid,
    )!.id;
    await send(RECORDING_PATH, recordingParams(callSid, recordingSid)).expect(204);
    return { callId, callSid, recordingSid };
  }

  const callOf = async (token: string, id: string) =>
    (await gqlOk(api, CALL_QUERY, { id }, token)).call;

  const settled = (token: string, id: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const call = await callOf(token, id);
        const transcriptDone = ['COMPLETED', 'FAILED', 'UNAVAILABLE'].includes(
          call.transcriptStatus,
        );
        const scoreDone = call.transcriptStatus !== 'COMPLETED' || call.scoreStatus === 'SCORED';
        return transcriptDone && scoreDone ? call : undefined;
      },
      { timeoutMs, what: "the call's transcript (and score) to settle" },
    );

  const webhook = () => ({
    url: `${api.url}${TRANSCRIPT_PATH}`,
    signedUrl: `${PUBLIC_URL}${TRANSCRIPT_PATH}`,
    delayMs: 50,
  });

  it('transcribes a completed recording on Intelligence’s webhook and scores it, live on callUpdated and callScored', async () => {
    const { owner, campaign, number } = await line();
    const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
    clients.push(client);
    const updates = subscribe<any>(client, CALL_UPDATED, { campaignId: campaign.id });
    const scores = subscribe<any>(client, CALL_SCORED, { campaignId: campaign.id });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      webhook: webhook(),
    });
    const scoredEvent = (await scores.next(20_000)).data!.callScored;
    expect(scoredEvent).toMatchObject({
      scorer: 'builtin',
      call: { id: callId, scoreStatus: 'SCORED', transcriptStatus: 'COMPLETED' },
    });

    const call = await settled(owner.accessToken, callId);
    const [transcript] = twilio.transcriptsOf(recordingSid);
    expect(call).toMatchObject({
      recordingSid,
      transcriptSid: transcript.sid,
      transcriptStatus: 'COMPLETED',
      transcriptError: null,
      scoreStatus: 'SCORED',
    });
    // Inbound: the caller is channel 1 (CUSTOMER), the agent channel 2 (AGENT), as requested.
    expect(transcript).toMatchObject({ serviceSid: SERVICE_SID, customerKey: callId });
    expect(transcript.channel.media_properties).toEqual({ source_sid: recordingSid });
    expect(transcript.channel.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel_participant: 2, role: 'Agent' }),
        expect.objectContaining({ channel_participant: 1, role: 'Customer' }),
      ]),
    );
    expect(call.transcript).toHaveLength(7);
    expect(call.transcript[0]).toMatchObject({
      speaker: 'AGENT',
      startSec: 0,
      endSec: 4,
      text: expect.stringContaining('Thank you for calling Acme support'),
    });
    expect(call.transcript[1]).toMatchObject({ speaker: 'CUSTOMER', startSec: 4.5 });
    // The webhook, not a poll, read it: one fetch of the transcript, by the job it started.
    expect(twilio.webhooksSent).toContainEqual({ transcriptSid: transcript.sid, status: 204 });
    expect(transcript.polls).toBe(1);

    const seen: string[] = [];
    for (;;) {
      const update = (await updates.next()).data!.callUpdated;
      if (update.id !== callId) continue;
      if (seen[seen.length - 1] !== update.transcriptStatus) seen.push(update.transcriptStatus);
      if (update.transcriptStatus === 'COMPLETED') break;
    }
    // Events carry ids; each is read when delivered, so a quick step may show as the next one.
    const order = ['NONE', 'PENDING', 'REQUESTED', 'COMPLETED'];
    const ranks = seen.map((status) => order.indexOf(status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBeGreaterThanOrEqual(0);
    expect(seen[seen.length - 1]).toBe('COMPLETED');
  });

  it('applies replayed signed webhooks (status, recording, transcript) once: one transcript, one score', async () => {
    const { owner, number } = await line();
    const { callId, callSid, recordingSid } = await hangUp(number, owner.accessToken, {
      webhook: webhook(),
    });
    await settled(owner.accessToken, callId);
    const [transcript] = twilio.transcriptsOf(recordingSid);
    const polls = transcript.polls;

    // The same signed requests again, as a retrying Twilio (or an attacker replaying them) sends them.
    await send(STATUS_PATH, statusParams(callSid, number, 'completed')).expect(204);
    await send(RECORDING_PATH, recordingParams(callSid, recordingSid)).expect(204);
    expect(
      await twilio.sendTranscriptWebhook(transcript, {
        url: `${api.url}${TRANSCRIPT_PATH}`,
        signedUrl: `${PUBLIC_URL}${TRANSCRIPT_PATH}`,
      }),
    ).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(twilio.transcriptsOf(recordingSid)).toHaveLength(1);
    expect(transcript.polls).toBe(polls);
    const [{ scores, jobs }] = await api.dataSource.query(
      `SELECT (SELECT COUNT(*)::int FROM call_score WHERE call_id = $1) AS scores,
              (SELECT COUNT(*)::int FROM scoring_job WHERE call_id = $1) AS jobs`,
      [callId],
    );
    expect({ scores, jobs }).toEqual({ scores: 1, jobs: 1 });
    expect(await callOf(owner.accessToken, callId)).toMatchObject({
      transcriptStatus: 'COMPLETED',
      scoreStatus: 'SCORED',
    });
  });

  it('refuses a transcript webhook with a bad signature, or JSON without bodySHA256', async () => {
    const { owner, number } = await line();
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      outcome: 'never',
    });
    const transcriptSid = await eventually(() => twilio.transcriptsOf(recordingSid)[0]?.sid, {
      what: 'the transcript to be requested',
    });
    const forged = await twilio.sendTranscriptWebhook(twilio.transcripts.get(transcriptSid)!, {
      url: `${api.url}${TRANSCRIPT_PATH}`,
      signedUrl: `${PUBLIC_URL}/webhooks/twilio/other`,
    });
    expect(forged).toBe(403);
    const unsigned = await fetch(`${api.url}${TRANSCRIPT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' },
      body: JSON.stringify({ transcript_sid: transcriptSid }),
    });
    expect(unsigned.status).toBe(403);
    expect((await callOf(owner.accessToken, callId)).transcriptStatus).toMatch(/PENDING|REQUESTED/);
  });

  it('polls with back-off when no webhook arrives, then scores', async () => {
    const { owner, number } = await line();
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      completeAfterPolls: 1,
    });
    const call = await settled(owner.accessToken, callId);
    expect(call).toMatchObject({ transcriptStatus: 'COMPLETED', scoreStatus: 'SCORED' });
    const [transcript] = twilio.transcriptsOf(recordingSid);
    expect(transcript.polls).toBe(2);
    expect(twilio.webhooksSent.some((sent) => sent.transcriptSid === transcript.sid)).toBe(false);
  });

  it('redacts a card number read from Twilio’s sentences before it is stored', async () => {
    const { owner, number } = await line();
    const { callId } = await hangUp(number, owner.accessToken, {
      sentences: [
        { channel: 2, text: 'Thank you for calling, how can I help you today?' },
        { channel: 1, text: 'I want to pay, my card is 4111 1111 1111 1111.' },
        { channel: 2, text: 'Thank you, the payment went through. Goodbye.' },
      ],
    });
    const call = await settled(owner.accessToken, callId);
    expect(call.transcript[1]).toMatchObject({
      speaker: 'CUSTOMER',
      text: 'I want to pay, my card is [card number].',
    });
    expect(call.redactions).toBe(1);
    const [{ stored }] = await api.dataSource.query(
      `SELECT transcript::text AS stored FROM call WHERE id = $1`,
      [callId],
    );
    expect(stored).not.toMatch(standalone('4111'));
  });

  it('ends FAILED with a readable error when Twilio fails every attempt', async () => {
    const { owner, number } = await line();
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, { outcome: 'fail' });
    const call = await settled(owner.accessToken, callId);
    expect(call).toMatchObject({ transcriptStatus: 'FAILED', scoreStatus: 'NOT_SCORED' });
    expect(call.transcriptError).toMatch(
      /^Twilio could not transcribe the recording \(transcript GT[0-9a-f]{32} ended "failed"\); gave up after 2 attempt\(s\)$/,
    );
    expect(twilio.transcriptsOf(recordingSid)).toHaveLength(2);
    expect(call.transcript).toEqual([]);
  });

  it('ends FAILED after the timeout when Twilio never finishes, deleting the abandoned transcripts', async () => {
    const { owner, number } = await line();
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      outcome: 'never',
    });
    const call = await settled(owner.accessToken, callId, 30_000);
    expect(call.transcriptStatus).toBe('FAILED');
    expect(call.transcriptError).toMatch(
      /^Twilio did not finish the transcript within 3 s \(still "in-progress"\); gave up after 2 attempt\(s\)$/,
    );
    const made = twilio.transcriptsOf(recordingSid);
    expect(made).toHaveLength(2);
    expect(made.every((transcript) => transcript.deleted)).toBe(true);
  });

  it('deleteCall deletes the call, and its recording at Twilio with CALL_DELETE_TWILIO_RECORDING on', async () => {
    const { owner, number } = await line();
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      completeAfterPolls: 0,
    });
    await settled(owner.accessToken, callId);
    const stranger = await registerUser(api);
    const refused = await gqlError(
      api,
      'mutation ($id: ID!) { deleteCall(id: $id) }',
      { id: callId },
      stranger.accessToken,
    );
    expect(refused.code).toBe('NOT_FOUND');
    expect(twilio.deletedRecordings).not.toContain(recordingSid);

    const { deleteCall } = await gqlOk(
      api,
      'mutation ($id: ID!) { deleteCall(id: $id) }',
      { id: callId },
      owner.accessToken,
    );
    expect(deleteCall).toBe(true);
    await eventually(() => (twilio.deletedRecordings.includes(recordingSid) ? true : undefined), {
      what: 'the recording to be deleted at Twilio',
    });
    const [{ calls, scores }] = await api.dataSource.query(
      `SELECT (SELECT COUNT(*)::int FROM call WHERE id = $1) AS calls,
              (SELECT COUNT(*)::int FROM call_score WHERE call_id = $1) AS scores`,
      [callId],
    );
    expect({ calls, scores }).toEqual({ calls: 0, scores: 0 });
    const again = await gqlError(
      api,
      'mutation ($id: ID!) { deleteCall(id: $id) }',
      { id: callId },
      owner.accessToken,
    );
    expect(again.code).toBe('NOT_FOUND');
  });

  it('retries a Twilio 5xx on the request and still transcribes once', async () => {
    const { owner, number } = await line();
    twilio.failNext({ status: 503 });
    const { callId, recordingSid } = await hangUp(number, owner.accessToken, {
      completeAfterPolls: 0,
    });
    const call = await settled(owner.accessToken, callId, 30_000);
    expect(call).toMatchObject({ transcriptStatus: 'COMPLETED', scoreStatus: 'SCORED' });
    expect(twilio.transcriptsOf(recordingSid)).toHaveLength(1);
  });
});

describe('Twilio calls without Conversational Intelligence configured', () => {
  it('stores the recording and says why it is not transcribed', async () => {
    const twilio = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
    twilio.ownsEveryNumber = true;
    const api = await startApi({
      env: {
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        TWILIO_INTELLIGENCE_SERVICE_SID: undefined,
        PUBLIC_URL,
      },
    });
    try {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const number = phoneNumber();
      await gqlOk(
        api,
        ADD_PHONE_NUMBER,
        { input: { number, campaignId: campaign.id } },
        owner.accessToken,
      );
      const callSid = `CA${hex()}`;
      const recordingSid = `RE${hex()}`;
      const post = (path: string, params: Record<string, string>) =>
        postTwilio(api, path, params, { authToken: AUTH_TOKEN, signedUrl: `${PUBLIC_URL}${path}` });
      await post(STATUS_PATH, {
        AccountSid: ACCOUNT_SID,
        CallSid: callSid,
        From: '+14155559999',
        To: number,
        Direction: 'inbound',
        CallStatus: 'completed',
      }).expect(204);
      await post(RECORDING_PATH, {
        AccountSid: ACCOUNT_SID,
        CallSid: callSid,
        RecordingSid: recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
        RecordingStatus: 'completed',
      }).expect(204);
      const { calls } = await gqlOk(
        api,
        'query { calls { nodes { recordingSid transcriptStatus transcriptError scoreStatus } } }',
        {},
        owner.accessToken,
      );
      expect(calls.nodes).toEqual([
        {
          recordingSid,
          transcriptStatus: 'UNAVAILABLE',
          transcriptError: expect.stringContaining('TWILIO_INTELLIGENCE_SERVICE_SID'),
          scoreStatus: 'NOT_SCORED',
        },
      ]);
      expect(twilio.transcripts.size).toBe(0);

      // CALL_DELETE_TWILIO_RECORDING is off by default: deleting the call leaves the recording.
      const { calls: ids } = await gqlOk(
        api,
        'query { calls { nodes { id } } }',
        {},
        owner.accessToken,
      );
      await gqlOk(
        api,
        'mutation ($id: ID!) { deleteCall(id: $id) }',
        { id: ids.nodes[0].id },
        owner.accessToken,
      );
      const [{ jobs }] = await api.dataSource.query(
        `SELECT COUNT(*)::int AS jobs FROM outbox_event
          WHERE job_name = 'delete-recording' AND payload->>'recordingSid' = $1`,
        [recordingSid],
      );
      expect(jobs).toBe(0);
      expect(
        (await gqlOk(api, 'query { calls { totalCount } }', {}, owner.accessToken)).calls
          .totalCount,
      ).toBe(0);
    } finally {
      await api.close();
      await twilio.stop();
    }
  });
});
