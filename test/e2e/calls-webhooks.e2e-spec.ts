import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import {
  ADD_PHONE_NUMBER,
  CALLS,
  CALL,
  createCampaign,
  phoneNumber,
  postTwilio,
} from '../factories/calls.factory';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { FakeTwilio } from '../fakes/twilio.fake';
import { startApi, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_URL = 'https://switchboard.example.test';
const STATUS_PATH = '/webhooks/twilio/status';
const RECORDING_PATH = '/webhooks/twilio/recording';

const sid = (): string =>
  `CA${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

describe('Twilio webhooks', () => {
  let api: TestApp;
  let twilio: FakeTwilio;
  const clients: Array<ReturnType<typeof connect>> = [];

  beforeAll(async () => {
    // Adding a number asks the Twilio account whether it owns it: the fake answers.
    twilio = await new FakeTwilio(`AC${'0'.repeat(32)}`, AUTH_TOKEN).start();
    api = await startApi({
      env: {
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        PUBLIC_URL,
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await api.close();
    await twilio.stop();
  });

  const send = (path: string, params: Record<string, string>, headers?: Record<string, string>) =>
    postTwilio(api, path, params, {
      authToken: AUTH_TOKEN,
      signedUrl: `${PUBLIC_URL}${path}`,
      headers,
    });

  /** An organization owning a Twilio number routed to a campaign. */
  async function line() {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    const number = phoneNumber();
    twilio.own(number);
    await gqlOk(
      api,
      ADD_PHONE_NUMBER,
      { input: { number, campaignId: campaign.id } },
      owner.accessToken,
    );
    return { owner, campaign, number };
  }

  const statusParams = (
    callSid: string,
    number: string,
    status: string,
    extra: Record<string, string> = {},
  ) => ({
    AccountSid: `AC${'0'.repeat(32)}`,
    CallSid: callSid,
    From: '+14155559999',
    To: number,
    Direction: 'inbound',
    CallStatus: status,
    ...extra,
  });

  async function callsOf(token: string) {
    return (await gqlOk(api, CALLS, {}, token)).calls;
  }

  it('creates and advances a call from signed status callbacks, live on the call board', async () => {
    const { owner, campaign, number } = await line();
    const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
    clients.push(client);
    const feed = subscribe<any>(
      client,
      'subscription ($c: ID) { callUpdated(campaignId: $c) { id status twilioCallSid } }',
      {
        c: campaign.id,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const callSid = sid();
    await send(STATUS_PATH, statusParams(callSid, number, 'ringing')).expect(204);
    expect((await feed.next()).data!.callUpdated).toMatchObject({
      status: 'RINGING',
      twilioCallSid: callSid,
    });
    await send(STATUS_PATH, statusParams(callSid, number, 'in-progress')).expect(204);
    await send(
      STATUS_PATH,
      statusParams(callSid, number, 'completed', {
        CallDuration: '42',
        Timestamp: 'Mon, 02 Mar 2026 10:00:42 +0000',
      }),
    ).expect(204);
    const { nodes } = await callsOf(owner.accessToken);
    expect(nodes).toHaveLength(1);
    const { call } = await gqlOk(api, CALL, { id: nodes[0].id }, owner.accessToken);
    expect(call).toMatchObject({
      status: 'COMPLETED',
      direction: 'INBOUND',
      to: number,
      durationSec: 42,
      campaign: { id: campaign.id },
      endedAt: '2026-03-02T10:00:42.000Z',
      // No recording yet, so no transcript: nothing to score yet. (Its recording
      // would be transcribed and scored: calls-transcripts.e2e-spec.ts.)
      scoreStatus: 'NOT_SCORED',
    });
    const { call: transcriptState } = await gqlOk(
      api,
      'query ($id: ID!) { call(id: $id) { transcriptStatus transcriptError recordingSid } }',
      { id: nodes[0].id },
      owner.accessToken,
    );
    expect(transcriptState).toEqual({
      transcriptStatus: 'NONE',
      transcriptError: null,
      recordingSid: null,
    });
    expect(call.statusTimeline.map((change: { status: string }) => change.status)).toEqual([
      'RINGING',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
  });

  it('refuses a missing or wrong signature, and one made for another URL, with 403', async () => {
    const { owner, number } = await line();
    const params = statusParams(sid(), number, 'ringing');
    await postTwilio(api, STATUS_PATH, params, {
      authToken: 'not-the-token',
      signedUrl: `${PUBLIC_URL}${STATUS_PATH}`,
    }).expect(403);
    await postTwilio(api, STATUS_PATH, params, {
      authToken: AUTH_TOKEN,
      signedUrl: `${api.url}${STATUS_PATH}`,
    }).expect(403);
    await postTwilio(api, STATUS_PATH, params, {
      authToken: AUTH_TOKEN,
      signedUrl: `${PUBLIC_URL}/webhooks/twilio/other`,
    }).expect(403);
    const unsigned = await fetch(`${api.url}${STATUS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    expect(unsigned.status).toBe(403);
    expect((await callsOf(owner.accessToken)).totalCount).toBe(0);
  });

  it('refuses a body altered after signing', async () => {
    const { owner, number } = await line();
    const params = statusParams(sid(), number, 'ringing');
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${STATUS_PATH}`, params);
    const response = await fetch(`${api.url}${STATUS_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams({ ...params, CallStatus: 'completed' }).toString(),
    });
    expect(response.status).toBe(403);
    expect((await callsOf(owner.accessToken)).totalCount).toBe(0);
  });

  it('applies a retried callback once, by CallSid and status or by idempotency token', async () => {
    const { owner, number } = await line();
    const callSid = sid();
    await send(STATUS_PATH, statusParams(callSid, number, 'ringing')).expect(204);
    await send(STATUS_PATH, statusParams(callSid, number, 'ringing')).expect(204);
    const token = `idem-${callSid}`;
    await send(STATUS_PATH, statusParams(callSid, number, 'in-progress'), {
      'I-Twilio-Idempotency-Token': token,
    }).expect(204);
    await send(STATUS_PATH, statusParams(callSid, number, 'in-progress'), {
      'I-Twilio-Idempotency-Token': token,
    }).expect(204);
    const { nodes } = await callsOf(owner.accessToken);
    expect(nodes).toHaveLength(1);
    const { call } = await gqlOk(api, CALL, { id: nodes[0].id }, owner.accessToken);
    expect(call.statusTimeline.map((change: { status: string }) => change.status)).toEqual([
      'RINGING',
      'IN_PROGRESS',
    ]);
  });

  it('never moves a call backwards when callbacks arrive out of order', async () => {
    const { owner, number } = await line();
    const callSid = sid();
    await send(
      STATUS_PATH,
      statusParams(callSid, number, 'completed', { CallDuration: '10' }),
    ).expect(204);
    await send(STATUS_PATH, statusParams(callSid, number, 'in-progress')).expect(204);
    await send(STATUS_PATH, statusParams(callSid, number, 'ringing')).expect(204);
    // A second final status does not replace the first either.
    await send(STATUS_PATH, statusParams(callSid, number, 'busy')).expect(204);
    const { nodes } = await callsOf(owner.accessToken);
    const { call } = await gqlOk(api, CALL, { id: nodes[0].id }, owner.accessToken);
    expect(call.status).toBe('COMPLETED');
    expect(call.statusTimeline.map((change: { status: string }) => change.status)).toEqual([
      'COMPLETED',
    ]);
  });

  it('stores the recording URL from the recording callback', async () => {
    const { owner, number } = await line();
    const callSid = sid();
    await send(STATUS_PATH, statusParams(callSid, number, 'completed')).expect(204);
    const recording = {
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid: callSid,
      RecordingSid: `RE${'1'.repeat(32)}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${'1'.repeat(32)}`,
      RecordingStatus: 'completed',
      RecordingDuration: '10',
    };
    await send(RECORDING_PATH, recording).expect(204);
    await send(RECORDING_PATH, recording).expect(204);
    const { nodes } = await callsOf(owner.accessToken);
    const { call } = await gqlOk(api, CALL, { id: nodes[0].id }, owner.accessToken);
    expect(call.recordingUrl).toBe(recording.RecordingUrl);
    // This server has no Conversational Intelligence service: the recording is kept, not transcribed.
    const { call: transcriptState } = await gqlOk(
      api,
      'query ($id: ID!) { call(id: $id) { recordingSid transcriptStatus transcriptError } }',
      { id: nodes[0].id },
      owner.accessToken,
    );
    expect(transcriptState).toEqual({
      recordingSid: recording.RecordingSid,
      transcriptStatus: 'UNAVAILABLE',
      transcriptError:
        'Recordings are not transcribed: no Twilio Conversational Intelligence service is configured (TWILIO_INTELLIGENCE_SERVICE_SID)',
    });
    await postTwilio(api, RECORDING_PATH, recording, {
      authToken: 'wrong',
      signedUrl: `${PUBLIC_URL}${RECORDING_PATH}`,
    }).expect(403);
  });

  it('ignores calls on numbers no organization owns', async () => {
    const { owner } = await line();
    await send(STATUS_PATH, statusParams(sid(), phoneNumber(), 'ringing')).expect(204);
    expect((await callsOf(owner.accessToken)).totalCount).toBe(0);
  });

  it('routes by the number called (inbound) or calling (outbound) only, never the other side', async () => {
    const { owner, number } = await line();
    // An inbound call to a number nobody owns, from this organization's number:
    // the caller's number is not ours to file it under.
    await send(STATUS_PATH, statusParams(sid(), phoneNumber(), 'ringing', { From: number })).expect(
      204,
    );
    // An outbound call from a stranger's number to this organization's number.
    await send(
      STATUS_PATH,
      statusParams(sid(), number, 'ringing', { From: phoneNumber(), Direction: 'outbound-api' }),
    ).expect(204);
    expect((await callsOf(owner.accessToken)).totalCount).toBe(0);
    // Its own outbound call is filed under it.
    await send(
      STATUS_PATH,
      statusParams(sid(), phoneNumber(), 'ringing', { From: number, Direction: 'outbound-api' }),
    ).expect(204);
    expect((await callsOf(owner.accessToken)).totalCount).toBe(1);
  });

  describe('phone numbers', () => {
    it('belong to one organization, and only SUPERVISOR and above add them', async () => {
      const { owner, number } = await line();
      const stranger = await registerUser(api);
      const taken = await gqlError(
        api,
        ADD_PHONE_NUMBER,
        { input: { number } },
        stranger.accessToken,
      );
      expect(taken.code).toBe('CONFLICT');
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const refused = await gqlError(
        api,
        ADD_PHONE_NUMBER,
        { input: { number: phoneNumber() } },
        agent.accessToken,
      );
      expect(refused.code).toBe('FORBIDDEN');
      const bad = await gqlError(
        api,
        ADD_PHONE_NUMBER,
        { input: { number: '555-0100' } },
        owner.accessToken,
      );
      expect(bad.code).toBe('BAD_USER_INPUT');
      const { phoneNumbers } = await gqlOk(
        api,
        '{ phoneNumbers { number } }',
        {},
        owner.accessToken,
      );
      expect(phoneNumbers).toEqual([{ number }]);
    });
  });
});
