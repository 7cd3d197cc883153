import { INestApplicationContext } from '@nestjs/common';
import { TwilioMessenger } from '@/modules/phone/messaging/twilio-messenger.service';
import { SMS_REPLIES } from '@/modules/phone/sms/sms.service';
import { phoneNumber, postTwilio } from '../factories/calls.factory';
import { addMemberWithRole, gqlOk } from '../factories/identity.factory';
import {
  givePhoneAndPin,
  PhoneOrganization,
  phoneOrganization,
  UPDATE_PHONE_NUMBER,
} from '../factories/phone.factory';
import {
  messageSid,
  smsEnv,
  startSmsTwilio,
  SMS_ACCOUNT_SID,
  SMS_AUTH_TOKEN,
  SMS_PUBLIC_URL,
  textTo,
  twimlMessage,
} from '../factories/sms.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { standalone } from '../utils/standalone';

/*
 * The SMS assistant with the built-in planner: Twilio's signed incoming
 * message webhook, keywords, opt-outs honoured by the outbound sender (no
 * REST call at the fake Twilio), PIN unlock and lockout, answers in the
 * TwiML, memory across texts, duplicates, another organization's number.
 * The worker runs, so outbound messages really go to the fake Twilio.
 */
describe('SMS assistant (built-in planner)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let twilio: FakeTwilio;
  let org: PhoneOrganization;

  beforeAll(async () => {
    twilio = await startSmsTwilio();
    const env = smsEnv(twilio, {
      ANTHROPIC_API_KEY: undefined,
      SMS_UNLOCK_MINUTES: '20',
    });
    api = await startApi({ env });
    worker = await startWorker({ env });
    org = await phoneOrganization(api, {
      agent: ['AGENT', '4826'],
      owner: ['OWNER', '7391'],
      viewer: ['VIEWER', '3917'],
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio?.stop();
  });

  const text = async (
    body: string,
    from = org.members.agent.phone,
    to = org.number,
    sid?: string,
  ) => {
    const response = await textTo(api, to, from, body, sid).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/xml/);
    return twimlMessage(response.text);
  };
  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.dataSource.query(sql, params);

  it('refuses an unsigned or wrongly signed request (403)', async () => {
    await textTo(api, org.number, org.members.agent.phone, 'HELP')
      .set('X-Twilio-Signature', 'forged')
      .expect(403);
  });

  it('answers HELP in any case, and "stop please" is a request, not a keyword', async () => {
    expect(await text('HELP')).toBe(SMS_REPLIES.help);
    expect(await text('  help ')).toBe(SMS_REPLIES.help);
    expect(await text('Info')).toBe(SMS_REPLIES.help);
    expect(await text('stop please')).toBe(SMS_REPLIES.pinFirst);
    expect(
      await query('SELECT 1 FROM sms_opt_out WHERE phone = $1', [org.members.agent.phone]),
    ).toEqual([]);
  });

  it('unlocks with the voice PIN, answers in the TwiML, creates a task, remembers it across texts', async () => {
    expect(await text('add a task to order cones')).toBe(SMS_REPLIES.pinFirst);
    expect(await text('0000')).toBe(SMS_REPLIES.wrongPin);
    expect(await text('4826')).toBe(SMS_REPLIES.unlocked(20));

    const created = await text('add a task to order cones');
    expect(created).toBe('Created the task "Order cones".');
    const [task] = await query(
      `SELECT id, source, priority, creator_id FROM task WHERE organization_id = $1 AND title ILIKE '%order cones%'`,
      [org.owner.organizationId],
    );
    expect(task).toMatchObject({ source: 'ASSISTANT', creator_id: org.members.agent.userId });

    const urgent = await text('make it urgent');
    expect(urgent).toBeTruthy();
    const [after] = await query('SELECT priority FROM task WHERE id = $1', [task.id]);
    expect(after.priority).toBe('URGENT');

    const runs = await query(
      `SELECT channel, conversation_id FROM agent_run WHERE actor_user_id = $1 ORDER BY created_at`,
      [org.members.agent.userId],
    );
    expect(runs.map((run) => run.channel)).toEqual(['sms', 'sms']);
    expect(runs[0].conversation_id).toBe(runs[1].conversation_id);
    const [session] = await query(
      'SELECT conversation_id, unlocked_until FROM sms_session WHERE organization_id = $1 AND phone = $2',
      [org.owner.organizationId, org.members.agent.phone],
    );
    expect(session.conversation_id).toBe(runs[0].conversation_id);

    // The PIN is in no record: runs, audit, messages, webhook receipts.
    const pins = ['4826', '0000'];
    const records = JSON.stringify([
      await query('SELECT * FROM agent_run WHERE organization_id = $1', [org.owner.organizationId]),
      await query('SELECT * FROM audit_entry WHERE organization_id = $1', [
        org.owner.organizationId,
      ]),
      await query('SELECT * FROM phone_message WHERE organization_id = $1', [
        org.owner.organizationId,
      ]),
      await query('SELECT key FROM twilio_webhook_receipt WHERE organization_id = $1', [
        org.owner.organizationId,
      ]),
    ]);
    for (const pin of pins) expect(records).not.toMatch(standalone(pin));
    const inbound = await query(
      `SELECT body, status, reply FROM phone_message WHERE organization_id = $1 AND direction = 'INBOUND' ORDER BY created_at`,
      [org.owner.organizationId],
    );
    expect(inbound.map((row) => [row.body, row.status])).toEqual([
      ['add a task to order cones', 'ANSWERED'],
      ['make it urgent', 'ANSWERED'],
    ]);
  });

  it('repeats the same answer to a retried webhook and does nothing twice', async () => {
    expect(await text('7391', org.members.owner.phone)).toBe(SMS_REPLIES.unlocked(20));
    const sid = messageSid();
    const first = await text(
      'add a task to rotate the tires',
      org.members.owner.phone,
      org.number,
      sid,
    );
    const again = await text(
      'add a task to rotate the tires',
      org.members.owner.phone,
      org.number,
      sid,
    );
    expect(again).toBe(first);
    const tasks = await query(
      `SELECT id FROM task WHERE organization_id = $1 AND title ILIKE '%rotate the tires%'`,
      [org.owner.organizationId],
    );
    expect(tasks).toHaveLength(1);
    const runs = await query(
      `SELECT id FROM agent_run WHERE organization_id = $1 AND input = 'add a task to rotate the tires'`,
      [org.owner.organizationId],
    );
    expect(runs).toHaveLength(1);
  });

  it('answers a request the role may not make with a refusal, writing nothing', async () => {
    const from = org.members.viewer.phone;
    expect(await text('3917', from)).toBe(SMS_REPLIES.unlocked(20));
    const reply = await text('add a task to repaint the depot', from);
    expect(reply).toBeTruthy();
    expect(
      await query(`SELECT id FROM task WHERE organization_id = $1 AND title ILIKE '%repaint%'`, [
        org.owner.organizationId,
      ]),
    ).toEqual([]);
    const [run] = await query(
      `SELECT status FROM agent_run WHERE actor_user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [org.members.viewer.userId],
    );
    expect(run.status).toBe('REFUSED');
  });

  it('answers an empty TwiML to a message without a sender or number', async () => {
    const response = await postTwilio(
      api,
      '/webhooks/twilio/sms',
      { AccountSid: SMS_ACCOUNT_SID, MessageSid: messageSid(), Body: 'HELP' },
      { authToken: SMS_AUTH_TOKEN, signedUrl: `${SMS_PUBLIC_URL}/webhooks/twilio/sms` },
    ).expect(200);
    expect(twimlMessage(response.text)).toBeNull();
  });

  it('asks members who share one phone to use the voice line, checking no PIN', async () => {
    const shared = phoneNumber();
    const first = await addMemberWithRole(api, org.owner, 'AGENT');
    const second = await addMemberWithRole(api, org.owner, 'AGENT');
    await givePhoneAndPin(api, first, '2719', shared);
    await givePhoneAndPin(api, second, '8362', shared);
    expect(await text('2719', shared)).toBe(SMS_REPLIES.ambiguous);
    expect(await text('add a task to sweep the yard', shared)).toBe(SMS_REPLIES.ambiguous);
    expect(
      await query('SELECT 1 FROM sms_session WHERE organization_id = $1 AND phone = $2', [
        org.owner.organizationId,
        shared,
      ]),
    ).toEqual([]);
  });

  it('forgets the unlock when it expires', async () => {
    await query(
      `UPDATE sms_session SET unlocked_until = now() - interval '1 second' WHERE organization_id = $1 AND phone = $2`,
      [org.owner.organizationId, org.members.owner.phone],
    );
    expect(await text('list my tasks', org.members.owner.phone)).toBe(SMS_REPLIES.pinFirst);
  });

  it('locks the PIN after five misses, even for the right one', async () => {
    const other = await phoneOrganization(api, { agent: ['AGENT', '5937'] });
    const from = other.members.agent.phone;
    for (let i = 0; i < 4; i++) {
      expect(await text('1111', from, other.number)).toBe(SMS_REPLIES.wrongPin);
    }
    expect(await text('1111', from, other.number)).toMatch(/^Too many wrong PINs/);
    expect(await text('5937', from, other.number)).toMatch(/^Too many wrong PINs/);
    expect(await text('add a task to wash the van', from, other.number)).toBe(SMS_REPLIES.pinFirst);
  });

  it("does not let a member of another organization unlock this organization's number", async () => {
    const other = await phoneOrganization(api, { agent: ['AGENT', '6284'] });
    // A's member texts B's number with A's PIN: not a member of B.
    expect(await text('6284', other.members.agent.phone, org.number)).toBe(SMS_REPLIES.unknown);
    expect(
      await query('SELECT 1 FROM sms_session WHERE organization_id = $1 AND phone = $2', [
        org.owner.organizationId,
        other.members.agent.phone,
      ]),
    ).toEqual([]);
    expect(await text('add a task to steal cones', other.members.agent.phone, org.number)).toBe(
      SMS_REPLIES.unknown,
    );
  });

  it('honours keywords on a number without the SMS assistant, and answers nothing for an unknown number', async () => {
    const quiet = await phoneOrganization(
      api,
      { agent: ['AGENT', '2468'] },
      { smsAssistant: false },
    );
    const from = quiet.members.agent.phone;
    expect(await text('HELP', from, quiet.number)).toBe(SMS_REPLIES.help);
    expect(await text('2468', from, quiet.number)).toBe(SMS_REPLIES.noAssistant);
    expect(await text('STOP', from, quiet.number)).toBeNull();
    expect(
      await query('SELECT keyword FROM sms_opt_out WHERE organization_id = $1 AND phone = $2', [
        quiet.owner.organizationId,
        from,
      ]),
    ).toEqual([{ keyword: 'STOP' }]);
    // Switching it on later does not lift the opt-out.
    await gqlOk(
      api,
      UPDATE_PHONE_NUMBER,
      { id: quiet.phoneNumberId, input: { smsAssistant: true } },
      quiet.owner.accessToken,
    );
    expect(await text('2468', from, quiet.number)).toBeNull();

    const response = await textTo(api, phoneNumber(), from, 'HELP').expect(200);
    expect(twimlMessage(response.text)).toBeNull();
    expect(response.text).toContain('<Response/>');
  });

  it('after STOP every send is refused locally with no request to Twilio; START lifts it', async () => {
    const messenger = api.app.get(TwilioMessenger);
    const phone = org.members.agent.phone;
    expect(await text('Stop')).toBeNull();
    expect(await text('add a task to order more cones')).toBeNull();

    const refused = await messenger.send({
      organizationId: org.owner.organizationId,
      to: phone,
      body: 'Your truck is ready',
    });
    expect(refused).toMatchObject({ status: 'REFUSED', reason: 'OPTED_OUT' });
    const [row] = await query('SELECT status, error FROM phone_message WHERE id = $1', [
      refused.messageId,
    ]);
    expect(row).toMatchObject({ status: 'REFUSED' });
    expect(row.error).toMatch(/opted out/);

    expect(await text('start')).toBe(SMS_REPLIES.start);
    const queued = await messenger.send({
      organizationId: org.owner.organizationId,
      to: phone,
      body: 'Your truck is ready',
    });
    expect(queued.status).toBe('QUEUED');
    const sent = await eventually(
      async () => {
        const [message] = await query(
          'SELECT status, twilio_sid FROM phone_message WHERE id = $1',
          [queued.messageId],
        );
        return message.status === 'SENT' ? message : undefined;
      },
      { what: 'the message to be SENT' },
    );
    const atTwilio = twilio.messagesTo(phone);
    expect(atTwilio).toHaveLength(1);
    expect(atTwilio[0]).toMatchObject({
      body: 'Your truck is ready',
      from: org.number,
      sid: sent.twilio_sid,
    });
    // The refused one never reached Twilio: one request in all for this phone.
    expect(twilio.messageRequests().filter((r) => r.form?.To === phone)).toHaveLength(1);
  });

  it("ends a message Twilio refuses (400) FAILED at once with Twilio's code", async () => {
    const to = phoneNumber();
    twilio.failNext({
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    });
    const queued = await api.app.get(TwilioMessenger).send({
      organizationId: org.owner.organizationId,
      to,
      body: 'Hello',
    });
    const failed = await eventually(
      async () => {
        const [row] = await query(
          'SELECT status, error, attempts FROM phone_message WHERE id = $1',
          [queued.messageId],
        );
        return row.status === 'FAILED' ? row : undefined;
      },
      { what: 'the message to fail' },
    );
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed.error).toBe('Twilio answered HTTP 400 (Twilio error 21211)');
    expect(twilio.messagesTo(to)).toEqual([]);
  });

  it('cuts a long outbound message to two segments', async () => {
    const messenger = api.app.get(TwilioMessenger);
    const to = phoneNumber();
    const queued = await messenger.send({
      organizationId: org.owner.organizationId,
      to,
      body: 'x'.repeat(500),
    });
    expect(queued.status).toBe('QUEUED');
    await eventually(() => (twilio.messagesTo(to).length === 1 ? true : undefined), {
      what: 'the message at Twilio',
    });
    expect(twilio.messagesTo(to)[0].body).toBe(`${'x'.repeat(303)}...`);
  });
});

describe('SMS outbound without Twilio credentials', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  const env = {
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    TWILIO_API_BASE_URL: undefined,
  };

  beforeAll(async () => {
    api = await startApi({ env });
    worker = await startWorker({ env });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('ends the message FAILED with a readable reason', async () => {
    const org = await phoneOrganization(api, {});
    const queued = await api.app.get(TwilioMessenger).send({
      organizationId: org.owner.organizationId,
      to: phoneNumber(),
      body: 'Hello',
    });
    expect(queued).toMatchObject({ status: 'QUEUED' });
    const failed = await eventually(
      async () => {
        const [row] = await api.dataSource.query(
          'SELECT status, error FROM phone_message WHERE id = $1',
          [queued.messageId],
        );
        return row.status === 'FAILED' ? row : undefined;
      },
      { what: 'the message to fail' },
    );
    expect(failed.error).toMatch(/Twilio is not configured/);
  });
});
