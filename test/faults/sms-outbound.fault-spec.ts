import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAnthropicAssistant } from '../fakes/anthropic-assistant.fake';
import { FakeTwilio } from '../fakes/twilio.fake';
import { PhoneOrganization, phoneOrganization } from '../factories/phone.factory';
import {
  SMS_ACCOUNT_SID,
  SMS_AUTH_TOKEN,
  SMS_PUBLIC_URL,
  textTo,
  twimlMessage,
} from '../factories/sms.factory';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';

/**
 * Outbound text messages (the Claude planner's SMS answers, sent by the
 * worker through the twilio SDK to the fake Twilio REST server) are sent
 * exactly once when
 * (a) the worker is SIGKILLed while its request to Twilio is in flight
 *     (Twilio accepted the message; the worker never heard so), and
 * (b) Redis restarts empty while the message's job waits for its retry
 *     (Twilio answered 500 to the first attempt).
 */
/** Eight digits, so that finding it in a log line is no coincidence. */
const PIN = '73915284';

describe('fault: outbound SMS with the worker killed mid-send, then Redis restarted empty', () => {
  let world: FaultEnvironment;
  let twilio: FakeTwilio;
  let anthropic: FakeAnthropicAssistant;
  let org: PhoneOrganization;

  beforeAll(async () => {
    twilio = await new FakeTwilio(SMS_ACCOUNT_SID, SMS_AUTH_TOKEN).start();
    twilio.ownsEveryNumber = true;
    anthropic = await new FakeAnthropicAssistant().start();
    world = await FaultEnvironment.start({
      env: {
        TWILIO_ACCOUNT_SID: SMS_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: SMS_AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilio.url,
        PUBLIC_URL: SMS_PUBLIC_URL,
        ANTHROPIC_API_KEY: 'sk-ant-fault-suite',
        ANTHROPIC_BASE_URL: anthropic.url,
        ASSISTANT_MODEL: 'claude-fault-model',
        // A failed send waits a minute for its retry: Redis is restarted in between.
        JOB_RETRY_BASE_DELAY_MS: '60000',
        // Every log line, so the PIN's absence means something.
        LOG_LEVEL: 'debug',
      },
    });
    org = await phoneOrganization(world.api, { owner: ['OWNER', PIN] });
  });
  afterAll(async () => {
    await world?.close();
    await twilio?.stop();
    await anthropic?.stop();
  });

  const phone = () => org.members.owner.phone;
  const text = async (body: string) => {
    const response = await textTo(world.api, org.number, phone(), body).expect(200);
    return twimlMessage(response.text);
  };
  const outbound = (body: string) =>
    world.query<{ status: string; attempts: number; requeues: number; error: string | null }>(
      `SELECT status, attempts, requeues, error FROM phone_message
        WHERE direction = 'OUTBOUND' AND body = $1`,
      [body],
    );
  const settle = async (body: string) =>
    waitFor(
      async () => {
        const rows = await outbound(body);
        return rows.length === 1 && ['SENT', 'FAILED'].includes(rows[0].status)
          ? rows[0]
          : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1000, what: `the message "${body}" to be SENT or FAILED` },
    ).catch(async (error: Error) => {
      throw new Error(
        `${error.message}\nrows ${JSON.stringify(await outbound(body))}\n${world.describe()}`,
      );
    });

  it('(a) the worker killed while Twilio holds its answer: the message is sent once', async () => {
    expect(await text(PIN)).toMatch(/^Unlocked/);
    twilio.messageAnswerDelayMs = 120_000;
    anthropic.script([{ text: 'First answer.' }]);
    expect(await text('what is on my list')).toBeNull();

    // Twilio has accepted the message; the worker waits for the answer.
    await waitFor(() => (twilio.messagesTo(phone()).length === 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the message to reach the fake Twilio',
    });
    const killed = await world.worker.kill();
    expect(killed.signal).toBe('SIGKILL');
    twilio.messageAnswerDelayMs = 0;
    await world.worker.start();

    const row = await settle('First answer.');
    expect(row.status).toBe('SENT');
    const accepted = twilio.messagesTo(phone()).filter((m) => m.body === 'First answer.');
    expect(accepted).toHaveLength(1);
  });

  it('(b) Redis restarted empty while the send waits for its retry: the message is sent once', async () => {
    twilio.failNext({ status: 500 });
    anthropic.script([{ text: 'Second answer.' }]);
    expect(await text('and what is due today')).toBeNull();

    // The first attempt got Twilio's 500: the job waits a minute for its retry.
    await waitFor(
      async () => {
        const [row] = await outbound('Second answer.');
        return row?.status === 'SENDING' && row.attempts === 1 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the first attempt to fail' },
    );
    await sleep(500);
    await world.redis.shutdownNosave();
    await sleep(2000);
    await world.redis.start();

    const row = await settle('Second answer.');
    expect(row).toMatchObject({ status: 'SENT', requeues: 1 });
    const accepted = twilio.messagesTo(phone()).filter((m) => m.body === 'Second answer.');
    expect(accepted).toHaveLength(1);
    // One failed request, one accepted one: never two accepted.
    expect(
      twilio
        .messageRequests()
        .filter((request) => request.form?.Body === 'Second answer.')
        .map((request) => request.status),
    ).toEqual([500, 201]);
  });

  it('wrote the PIN to no log line of the api or the worker, at debug level', () => {
    for (const name of ['api-1', 'worker-1']) {
      const log = readFileSync(join(world.dir, `${name}.log`), 'utf8');
      expect(log.length).toBeGreaterThan(0);
      if (name === 'api-1') expect(log).toContain('SMS unlock for user');
      expect(log).not.toContain(PIN);
    }
  });
});
