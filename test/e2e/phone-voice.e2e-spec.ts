import { Logger } from '@nestjs/common';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { gqlOk } from '../factories/identity.factory';
import { CALL } from '../factories/calls.factory';
import { givePhoneAndPin } from '../factories/phone.factory';
import {
  postVoice,
  startVoiceTwilio,
  VOICE_PUBLIC_URL,
  VoiceCall,
  voiceEnv,
  voiceOrganization,
} from '../factories/voice.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { addMemberWithRole } from '../factories/identity.factory';
import { VoicePruneProcessor } from '@/modules/phone/voice/voice-prune.processor';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

const TASK_CHANGED = `subscription { taskChanged { kind task { id title status source } } }`;
type Change = {
  taskChanged: {
    kind: string;
    task: { id: string; title: string; status: string; source: string };
  };
};
const CALL_BOARD = `query ($id: ID!) { call(id: $id) { id direction status handledBy twilioCallSid
  caller { id } campaign { id } transcript { speaker text startSec endSec } } }`;

/**
 * The voice assistant over Twilio's voice webhooks, signed like Twilio signs
 * them, against real PostgreSQL and Redis with the built-in planner.
 */
describe('phone: the voice assistant', () => {
  let api: TestApp;
  let twilio: FakeTwilio;
  const clients: Array<ReturnType<typeof connect>> = [];

  beforeAll(async () => {
    twilio = await startVoiceTwilio();
    api = await startApi({ env: { ...voiceEnv(twilio), ANTHROPIC_API_KEY: undefined } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await api.close();
    await twilio.stop();
  });

  const session = async (sid: string) =>
    (
      await api.dataSource.query<
        Array<{ state: string; user_id: string | null; failures: number; turn: number }>
      >('SELECT state, user_id, failures, turn FROM voice_session WHERE call_sid = $1', [sid])
    )[0];
  const callRow = async (sid: string) =>
    (
      await api.dataSource.query<Array<Record<string, any>>>(
        'SELECT * FROM call WHERE twilio_call_sid = $1',
        [sid],
      )
    )[0];
  const tasksTitled = (organizationId: string, title: string) =>
    api.dataSource.query<Array<{ id: string; status: string; source: string }>>(
      `SELECT id, status, source FROM task WHERE organization_id = $1 AND title ILIKE $2 AND deleted_at IS NULL`,
      [organizationId, `%${title}%`],
    );

  it('signs a known caller in by a keyed PIN, with the prompt inside a speech-and-keys Gather', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    const greeting = await call.dial();
    expect(greeting.says[0]).toMatch(/PIN/);
    expect(greeting.promptInsideGather).toBe(true);
    expect(greeting.gatherAttributes).toMatchObject({ input: 'speech dtmf', finishOnKey: '#' });
    expect(greeting.gather).toBe('/webhooks/twilio/gather?turn=1');
    expect(await session(call.sid)).toMatchObject({ state: 'PIN', user_id: null });

    const welcome = await call.keys('4826');
    expect(welcome.says[0]).toMatch(/^Hi .*What can I do for you\?/);
    expect(welcome.promptInsideGather).toBe(true);
    expect(welcome.gather).toBe('/webhooks/twilio/gather?turn=2');
    // Hints: the organization's names, bounded.
    expect(welcome.gatherAttributes.hints.length).toBeGreaterThan(0);
    expect(welcome.gatherAttributes.hints.length).toBeLessThanOrEqual(600);
    expect(await session(call.sid)).toMatchObject({
      state: 'READY',
      user_id: org.members.agent.userId,
    });
  });

  it('signs a caller in by a spoken PIN, spoken digits normalised', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    await call.dial();
    const welcome = await call.say('for ate to six.');
    expect(welcome.says[0]).toMatch(/^Hi /);
    expect((await session(call.sid)).state).toBe('READY');
  });

  it('ends the call politely after three wrong PINs, and hangs up on later requests', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    await call.dial();
    expect((await call.keys('1111')).says[0]).toMatch(/not right. Please try again/);
    expect((await call.say('I do not know')).says[0]).toMatch(/not right/);
    const last = await call.keys('9999');
    expect(last.says[0]).toMatch(/Goodbye/);
    expect(last.hangup).toBe(true);
    expect(last.gather).toBeNull();
    expect((await session(call.sid)).state).toBe('ENDED');
    const after = await postVoice(
      api,
      '/webhooks/twilio/gather?turn=4',
      call.params({ Digits: '4826' }),
    );
    expect(after.hangup).toBe(true);
    expect(after.says).toEqual([]);
  });

  it('says the PIN is locked once VoicePinService locks it, even for the right PIN', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const first = new VoiceCall(api, org.members.agent.phone, org.number);
    await first.dial();
    for (const wrong of ['1111', '2222', '3333']) await first.keys(wrong);
    expect(first.last!.hangup).toBe(true);
    const second = new VoiceCall(api, org.members.agent.phone, org.number);
    await second.dial();
    await second.keys('4444');
    // The fifth failure locks the PIN (VOICE_PIN_MAX_FAILURES).
    const locked = await second.keys('5555');
    expect(locked.says[0]).toMatch(/locked/);
    expect(locked.hangup).toBe(true);
    const third = new VoiceCall(api, org.members.agent.phone, org.number);
    await third.dial();
    const refused = await third.keys('4826');
    expect(refused.says[0]).toMatch(/locked/);
    expect(refused.hangup).toBe(true);
    expect((await session(third.sid)).user_id).toBeNull();
  });

  it('asks an unknown caller for their profile number first, then the PIN', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, '+14155550000', org.number);
    const greeting = await call.dial();
    expect(greeting.says[0]).toMatch(/key in the phone number in your profile/);
    expect((await session(call.sid)).state).toBe('IDENTIFY');
    expect((await call.keys('123')).says[0]).toMatch(/could not find a member/);
    // Keyed without the +1, '#'-terminated (Twilio leaves the '#' out of Digits).
    const askPin = await call.keys(org.members.agent.phone.replace(/^\+1/, ''));
    expect(askPin.says[0]).toMatch(/PIN/);
    expect((await call.keys('4826')).says[0]).toMatch(/^Hi /);
    expect(await session(call.sid)).toMatchObject({
      state: 'READY',
      user_id: org.members.agent.userId,
    });
  });

  it('lets the PIN tell apart members who share a phone (an ambiguous caller keys the number first)', async () => {
    const org = await voiceOrganization(api, twilio, { first: ['AGENT', '4826'] });
    const second = await givePhoneAndPin(
      api,
      await addMemberWithRole(api, org.owner, 'AGENT'),
      '7391',
      org.members.first.phone,
    );
    const call = new VoiceCall(api, org.members.first.phone, org.number);
    expect((await call.dial()).says[0]).toMatch(/could not tell who is calling/);
    await call.keys(org.members.first.phone.replace(/^\+/, ''));
    await call.say('seven three niner one');
    expect(await session(call.sid)).toMatchObject({ state: 'READY', user_id: second.userId });
  });

  it('answers a number nobody owns, or one with the voice assistant off, with a polite hang-up', async () => {
    const nobody = new VoiceCall(api, '+14155550001', '+14155550002');
    const unknown = await nobody.dial();
    expect(unknown.says[0]).toMatch(/does not take calls for the assistant/);
    expect(unknown.hangup).toBe(true);
    expect(await session(nobody.sid)).toBeUndefined();

    const off = await voiceOrganization(
      api,
      twilio,
      { agent: ['AGENT', '4826'] },
      { voiceAssistant: false },
    );
    const call = new VoiceCall(api, off.members.agent.phone, off.number);
    const refused = await call.dial();
    expect(refused.hangup).toBe(true);
    expect(refused.gather).toBeNull();
    expect(await session(call.sid)).toBeUndefined();
    expect(await callRow(call.sid)).toBeUndefined();
  });

  it("does not let organization A's member sign in on B's number with A's PIN", async () => {
    const a = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const b = await voiceOrganization(api, twilio, { agent: ['AGENT', '7391'] });
    const call = new VoiceCall(api, a.members.agent.phone, b.number);
    expect((await call.dial()).says[0]).toMatch(/could not tell who is calling/);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await call.keys(a.members.agent.phone.replace(/^\+/, ''))).says[0]).toMatch(
        /could not find a member/,
      );
    }
    const last = await call.keys('4826');
    expect(last.hangup).toBe(true);
    expect(await session(call.sid)).toMatchObject({ state: 'ENDED', user_id: null });
    const runs = await api.dataSource.query(
      'SELECT id FROM agent_run WHERE organization_id = ANY($1)',
      [[a.owner.organizationId, b.owner.organizationId]],
    );
    expect(runs).toEqual([]);
  });

  it('manages tasks by voice: create, list, complete, delete with a spoken yes and with key 1; the board sees each change', async () => {
    const org = await voiceOrganization(api, twilio, { owner: ['OWNER', '7391'] });
    const owner = org.members.owner;
    const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
    clients.push(client);
    const board = subscribe<Change>(client, TASK_CHANGED);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const call = new VoiceCall(api, owner.phone, org.number);
    await call.dial();
    await call.keys('7391');

    const created = await call.say('add a task to order cones');
    expect(created.says[0]).toMatch(/order cones/i);
    expect(created.gather).toBe('/webhooks/twilio/gather?turn=3');
    const createdChange = (await board.next()).data!.taskChanged;
    expect(createdChange).toMatchObject({ kind: 'CREATED', task: { source: 'VOICE' } });
    expect(createdChange.task.title).toMatch(/order cones/i);
    const [task] = await tasksTitled(owner.organizationId, 'order cones');
    expect(task.source).toBe('VOICE');

    const listed = await call.say('list open tasks');
    expect(listed.says[0]).toMatch(/order cones/i);

    const done = await call.say('mark the cones task done');
    expect(done.says[0]).toMatch(/cones/i);
    const completed = (await board.next()).data!.taskChanged;
    expect(completed.task).toMatchObject({ id: task.id, status: 'DONE' });

    await call.say('add a task to sweep the yard');
    const yard = (await board.next()).data!.taskChanged;
    expect(yard.kind).toBe('CREATED');
    const question = await call.say('delete the yard task');
    expect(question.says[0]).toMatch(/press 1/);
    expect(question.says[0]).not.toMatch(/\(yes or no\)/);
    expect(await tasksTitled(owner.organizationId, 'sweep the yard')).toHaveLength(1);
    const deleted = await call.say('Yes.');
    expect(deleted.says[0]).toMatch(/delet/i);
    expect((await board.next()).data!.taskChanged).toMatchObject({
      kind: 'DELETED',
      task: { id: yard.task.id },
    });
    expect(await tasksTitled(owner.organizationId, 'sweep the yard')).toHaveLength(0);

    // By keys: 2 refuses, 1 confirms.
    await call.say('add a task to wash the van');
    const van = (await board.next()).data!.taskChanged;
    expect(van.kind).toBe('CREATED');
    expect((await call.say('delete the van task')).says[0]).toMatch(/press 1/);
    const kept = await call.keys('2');
    expect(kept.says[0]).toMatch(/won't/i);
    expect(await tasksTitled(owner.organizationId, 'wash the van')).toHaveLength(1);
    expect((await call.say('delete the van task')).says[0]).toMatch(/press 1/);
    await call.keys('1');
    expect((await board.next()).data!.taskChanged).toMatchObject({
      kind: 'DELETED',
      task: { id: van.task.id },
    });
    expect(await tasksTitled(owner.organizationId, 'wash the van')).toHaveLength(0);
    await board.expectSilence(200);

    // The runs are voice runs of the caller.
    const runs = await api.dataSource.query<Array<{ channel: string; actor_user_id: string }>>(
      'SELECT DISTINCT channel, actor_user_id FROM agent_run WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(runs).toEqual([{ channel: 'voice', actor_user_id: owner.userId }]);
  });

  it('answers a replayed /gather with the same TwiML and one task (same idempotency token, or same CallSid and turn)', async () => {
    const org = await voiceOrganization(api, twilio, { owner: ['OWNER', '7391'] });
    const owner = org.members.owner;
    const call = new VoiceCall(api, owner.phone, org.number);
    await call.dial();
    await call.keys('7391');
    const path = call.last!.gather!;
    const token = `idem-${call.sid}`;
    const params = call.params({ SpeechResult: 'add a task to check the tires' });
    const [first, second] = await Promise.all([
      postVoice(api, path, params, { 'I-Twilio-Idempotency-Token': token }),
      postVoice(api, path, params, { 'I-Twilio-Idempotency-Token': token }),
    ]);
    const third = await postVoice(api, path, params, { 'I-Twilio-Idempotency-Token': token });
    expect(second.xml).toBe(first.xml);
    expect(third.xml).toBe(first.xml);
    expect(await tasksTitled(owner.organizationId, 'check the tires')).toHaveLength(1);

    // No token: the CallSid and turn (in the action URL) key the replay.
    call.last = first;
    const nextPath = first.gather!;
    const again = call.params({ SpeechResult: 'add a task to rotate the tires' });
    const one = await postVoice(api, nextPath, again);
    const two = await postVoice(api, nextPath, again);
    expect(two.xml).toBe(one.xml);
    expect(await tasksTitled(owner.organizationId, 'rotate the tires')).toHaveLength(1);
    const runs = await api.dataSource.query('SELECT id FROM agent_run WHERE organization_id = $1', [
      owner.organizationId,
    ]);
    expect(runs).toHaveLength(2);
  });

  it('keeps the PIN out of the run records, audit entries and the transcript; the call board shows the call', async () => {
    const pin = '6173';
    const org = await voiceOrganization(api, twilio, { owner: ['OWNER', pin] });
    const owner = org.members.owner;
    // Every line the app's loggers are given during the call (the api runs in this process).
    const logged: string[] = [];
    const record = (...args: unknown[]) => void logged.push(JSON.stringify(args));
    const methods = ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] as const;
    const spies = [
      ...methods.map((method) => jest.spyOn(Logger.prototype, method).mockImplementation(record)),
      ...methods.map((method) => jest.spyOn(Logger, method).mockImplementation(record)),
    ];
    const call = new VoiceCall(api, owner.phone, org.number);
    try {
      await call.dial();
      await call.keys('1298'); // wrong, keyed
      await call.say('six one seven three'); // right, spoken
      await call.say('add a task to call the supplier');
      await call.say('show me my tasks');
      expect(await call.status('in-progress')).toBe(204);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    // Something was logged (the status callback's line), and no PIN in it.
    expect(logged.join('\n')).toContain(call.sid);
    for (const secret of [pin, '1298', 'six one seven three']) {
      expect(logged.join('\n')).not.toContain(secret);
    }

    const runs = await api.dataSource.query<Array<Record<string, unknown>>>(
      'SELECT input, reply, tool_calls, error FROM agent_run WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(runs).toHaveLength(2);
    const audit = await api.dataSource.query<Array<Record<string, unknown>>>(
      'SELECT action, entity_type, changes FROM audit_entry WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(audit.length).toBeGreaterThan(0);
    const row = await callRow(call.sid);
    const conversations = await api.dataSource.query<Array<Record<string, unknown>>>(
      'SELECT memory FROM assistant_conversation WHERE organization_id = $1',
      [owner.organizationId],
    );
    const turns = await api.dataSource.query<Array<{ twiml: string }>>(
      'SELECT twiml FROM voice_turn WHERE call_sid = $1',
      [call.sid],
    );
    for (const record of [runs, audit, row.transcript, conversations, turns]) {
      const text = JSON.stringify(record).toLowerCase();
      for (const secret of [pin, '1298', 'six one seven three']) {
        expect(text).not.toContain(secret);
      }
    }
    const said = (row.transcript as Array<{ speaker: string; text: string }>).filter(
      (segment) => segment.speaker === 'CUSTOMER',
    );
    expect(said.map((segment) => segment.text)).toEqual([
      '[PIN entered]',
      '[PIN entered]',
      'add a task to call the supplier',
      'show me my tasks',
    ]);

    // The call board: an inbound call handled by the assistant, its caller and transcript.
    const board = await gqlOk<{ call: Record<string, any> }>(
      api,
      CALL_BOARD,
      { id: row.id },
      org.owner.accessToken,
    );
    expect(board.call).toMatchObject({
      direction: 'INBOUND',
      status: 'IN_PROGRESS',
      handledBy: 'ASSISTANT',
      twilioCallSid: call.sid,
      caller: { id: owner.userId },
    });
    const transcript = board.call.transcript as Array<{
      speaker: string;
      startSec: number;
      endSec: number;
    }>;
    expect(transcript[0].speaker).toBe('AGENT');
    expect(transcript.map((segment) => segment.speaker)).toContain('CUSTOMER');
    for (let i = 1; i < transcript.length; i++) {
      expect(transcript[i].startSec).toBeGreaterThanOrEqual(transcript[i - 1].endSec - 0.001);
      expect(transcript[i].endSec).toBeGreaterThanOrEqual(transcript[i].startSec);
    }
    // The standard call query reads it too.
    const standard = await gqlOk<{ call: { id: string } }>(
      api,
      CALL,
      { id: row.id },
      org.owner.accessToken,
    );
    expect(standard.call.id).toBe(row.id);
  });

  it('ends the session on the status callback, completes the Call, and hangs up on later gathers', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    await call.dial();
    await call.keys('4826');
    const path = call.last!.gather!;
    expect(await call.status('completed', { CallDuration: '42' })).toBe(204);
    expect((await session(call.sid)).state).toBe('ENDED');
    await eventually(async () => {
      const row = await callRow(call.sid);
      expect(row).toMatchObject({ status: 'COMPLETED', duration_sec: 42, handled_by: 'ASSISTANT' });
      expect(row.caller_id).toBe(org.members.agent.userId);
      return true;
    });
    const late = await postVoice(api, path, call.params({ SpeechResult: 'add a task to nothing' }));
    expect(late.hangup).toBe(true);
    expect(late.says).toEqual([]);
    expect(await tasksTitled(org.owner.organizationId, 'nothing')).toHaveLength(0);
  });

  it('takes the Call row over when the status callback created it first (race-safe on the CallSid)', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    expect(await call.status('ringing')).toBe(204);
    expect((await callRow(call.sid)).handled_by).toBe('AGENT');
    await call.dial();
    const rows = await api.dataSource.query<Array<Record<string, any>>>(
      'SELECT status, handled_by FROM call WHERE twilio_call_sid = $1',
      [call.sid],
    );
    expect(rows).toEqual([{ status: 'IN_PROGRESS', handled_by: 'ASSISTANT' }]);
  });

  it('refuses unsigned or non-form requests (403, 415) and never answers a 5xx', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    const params = call.params();
    const forged = await request(api.url)
      .post('/webhooks/twilio/voice')
      .type('form')
      .set(
        'X-Twilio-Signature',
        getExpectedTwilioSignature(
          'wrong-token',
          `${VOICE_PUBLIC_URL}/webhooks/twilio/voice`,
          params,
        ),
      )
      .send(params);
    expect(forged.status).toBe(403);
    const json = await request(api.url)
      .post('/webhooks/twilio/gather?turn=1')
      .set('X-Twilio-Signature', 'x')
      .send(params);
    expect(json.status).toBe(415);
    // A gather for a call never seen, or a nonsense turn: TwiML, not an error.
    const lost = await postVoice(api, '/webhooks/twilio/gather?turn=abc', params);
    expect(lost.hangup).toBe(true);
    await call.dial();
    const nonsense = await postVoice(api, '/webhooks/twilio/gather?turn=abc', params);
    expect(nonsense.says[0]).toMatch(/lost track/);
  });

  it('prunes sessions and turns past VOICE_RETENTION_DAYS, keeping newer ones and the call', async () => {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const old = new VoiceCall(api, org.members.agent.phone, org.number);
    await old.dial();
    await old.keys('4826');
    const recent = new VoiceCall(api, org.members.agent.phone, org.number);
    await recent.dial();
    for (const table of ['voice_session', 'voice_turn']) {
      await api.dataSource.query(
        `UPDATE ${table} SET created_at = now() - interval '8 days' WHERE call_sid = $1`,
        [old.sid],
      );
    }
    const worker = await startWorker({ env: voiceEnv(twilio) });
    try {
      const pruned = await worker.get(VoicePruneProcessor).process();
      expect(pruned.sessions).toBeGreaterThanOrEqual(1);
      expect(pruned.turns).toBeGreaterThanOrEqual(2);
    } finally {
      await worker.close();
    }
    const left = async (sid: string) =>
      api.dataSource.query<unknown[]>(
        `SELECT 1 FROM voice_session WHERE call_sid = $1
         UNION ALL SELECT 1 FROM voice_turn WHERE call_sid = $1`,
        [sid],
      );
    expect(await left(old.sid)).toHaveLength(0);
    expect((await left(recent.sid)).length).toBeGreaterThan(0);
    expect(await callRow(old.sid)).toBeDefined();
  });
});
