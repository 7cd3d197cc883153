import { INestApplicationContext } from '@nestjs/common';
import { SMS_REPLIES } from '@/modules/phone/sms/sms.service';
import { FakeAnthropicAssistant } from '../fakes/anthropic-assistant.fake';
import { PhoneOrganization, phoneOrganization } from '../factories/phone.factory';
import {
  messageSid,
  smsEnv,
  startSmsTwilio,
  SMS_ACCOUNT_SID,
  textTo,
  twimlMessage,
} from '../factories/sms.factory';
import { FakeTwilio } from '../fakes/twilio.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { standalone } from '../utils/standalone';

/*
 * The SMS assistant with the Claude planner: the webhook answers an empty
 * TwiML at once and records the text; the worker runs the engine against
 * the fake Anthropic and texts the answer through the twilio SDK's Messages
 * API to the fake Twilio REST server, exactly once.
 */
describe('SMS assistant (Claude planner)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let twilio: FakeTwilio;
  let anthropic: FakeAnthropicAssistant;
  let org: PhoneOrganization;

  beforeAll(async () => {
    twilio = await startSmsTwilio();
    // The worker also scores calls other e2e files left unscored in the shared database.
    anthropic = await new FakeAnthropicAssistant({ onlyModel: 'claude-e2e-model' }).start();
    const env = smsEnv(twilio, {
      ANTHROPIC_API_KEY: 'sk-ant-e2e',
      ANTHROPIC_BASE_URL: anthropic.url,
      ASSISTANT_MODEL: 'claude-e2e-model',
      ASSISTANT_TURN_TIMEOUT_MS: '2000',
    });
    api = await startApi({ env });
    worker = await startWorker({ env });
    org = await phoneOrganization(api, { agent: ['AGENT', '4826'] });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await twilio?.stop();
    await anthropic?.stop();
  });
  beforeEach(() => anthropic.reset());
  afterEach(() => expect(anthropic.errors).toEqual([]));

  const text = async (body: string, sid?: string) => {
    const response = await textTo(api, org.number, org.members.agent.phone, body, sid).expect(200);
    return { message: twimlMessage(response.text), xml: response.text };
  };
  const query = <T = any>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.dataSource.query(sql, params);
  const sentTo = (phone: string) =>
    twilio.messageRequests().filter((request) => request.form?.To === phone);

  it('answers the PIN in the TwiML, then a request with an empty TwiML and one text from the worker', async () => {
    expect((await text('4826')).message).toBe(SMS_REPLIES.unlocked(15));
    expect(anthropic.requests).toHaveLength(0);

    anthropic.script([
      { toolUse: [{ name: 'create_task', input: { title: 'Order cones' } }] },
      { text: 'Created the task "Order cones".' },
    ]);
    const sid = messageSid();
    const answer = await text('add a task to order cones', sid);
    expect(answer.message).toBeNull();
    expect(answer.xml).toContain('<Response/>');

    const [request] = await eventually(
      () =>
        sentTo(org.members.agent.phone).length > 0 ? sentTo(org.members.agent.phone) : undefined,
      { what: 'the answer at the fake Twilio' },
    );
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${SMS_ACCOUNT_SID}/Messages.json`,
      accountSid: SMS_ACCOUNT_SID,
      status: 201,
      form: {
        To: org.members.agent.phone,
        From: org.number,
        Body: 'Created the task "Order cones".',
      },
    });
    const [task] = await query(
      `SELECT id, source, creator_id FROM task WHERE organization_id = $1 AND title = 'Order cones'`,
      [org.owner.organizationId],
    );
    expect(task).toMatchObject({ source: 'ASSISTANT', creator_id: org.members.agent.userId });

    // The same message again (Twilio retried the webhook): nothing twice.
    expect((await text('add a task to order cones', sid)).message).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sentTo(org.members.agent.phone)).toHaveLength(1);
    expect(
      await query(`SELECT id FROM task WHERE organization_id = $1 AND title = 'Order cones'`, [
        org.owner.organizationId,
      ]),
    ).toHaveLength(1);
    const rows = await query(
      `SELECT direction, status, body FROM phone_message WHERE organization_id = $1 ORDER BY created_at`,
      [org.owner.organizationId],
    );
    expect(rows.map((row) => [row.direction, row.status])).toEqual([
      ['INBOUND', 'ANSWERED'],
      ['OUTBOUND', 'SENT'],
    ]);

    // Memory across texts: the next turn continues the same conversation.
    anthropic.script([
      (model) => {
        const id = /task with id ([0-9a-f-]{36})/.exec(JSON.stringify(model.body.system))?.[1];
        return {
          toolUse: [{ name: 'update_task', input: { id: id ?? 'none', priority: 'URGENT' } }],
        };
      },
      { text: 'It is urgent now.' },
    ]);
    expect((await text('make it urgent')).message).toBeNull();
    await eventually(() => (sentTo(org.members.agent.phone).length === 2 ? true : undefined), {
      what: 'the second answer',
    });
    expect(sentTo(org.members.agent.phone)[1].form?.Body).toBe('It is urgent now.');
    const [after] = await query('SELECT priority FROM task WHERE id = $1', [task.id]);
    expect(after.priority).toBe('URGENT');
    const runs = await query(
      `SELECT conversation_id, input FROM agent_run WHERE actor_user_id = $1 ORDER BY created_at`,
      [org.members.agent.userId],
    );
    expect(runs.map((run) => run.input)).toEqual(['add a task to order cones', 'make it urgent']);
    expect(runs[0].conversation_id).toBe(runs[1].conversation_id);
    expect(JSON.stringify(runs)).not.toMatch(standalone('4826'));
  });

  it('refuses the answer locally when the sender texted STOP meanwhile: no request to Twilio', async () => {
    const before = sentTo(org.members.agent.phone).length;
    anthropic.stallAll();
    expect((await text('list my tasks')).message).toBeNull();
    await eventually(() => (anthropic.requests.length > 0 ? true : undefined), {
      what: 'the model request',
    });
    expect((await text('STOP')).message).toBeNull();
    const refused = await eventually(
      async () => {
        const [row] = await query(
          `SELECT status, error FROM phone_message
            WHERE organization_id = $1 AND direction = 'OUTBOUND' ORDER BY created_at DESC LIMIT 1`,
          [org.owner.organizationId],
        );
        return row?.status === 'REFUSED' ? row : undefined;
      },
      { what: 'the answer to be refused' },
    );
    expect(refused.error).toMatch(/opted out/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sentTo(org.members.agent.phone)).toHaveLength(before);
  });
});
