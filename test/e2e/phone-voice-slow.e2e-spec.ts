import { FakeAnthropicAssistant } from '../fakes/anthropic-assistant.fake';
import { FakeTwilio } from '../fakes/twilio.fake';
import {
  postVoice,
  startVoiceTwilio,
  VoiceCall,
  voiceEnv,
  voiceOrganization,
} from '../factories/voice.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';

/**
 * A slow planner (the Claude planner against a fake Anthropic that stalls):
 * the caller hears a filler and Twilio is redirected to the answer route,
 * which serves the turn's result when it is written; past the redirect
 * budget the caller hears an apology and a new Gather. Budgets are short
 * here (env) so the spec stays fast.
 */
describe('phone: the voice assistant with a slow planner', () => {
  let api: TestApp;
  let twilio: FakeTwilio;
  let fake: FakeAnthropicAssistant;

  beforeAll(async () => {
    twilio = await startVoiceTwilio();
    fake = await new FakeAnthropicAssistant().start();
    api = await startApi({
      env: {
        ...voiceEnv(twilio),
        ANTHROPIC_API_KEY: 'sk-ant-e2e',
        ANTHROPIC_BASE_URL: fake.url,
        // A stalled request gives up after 1.5 s and the client retries (twice): a stall then an answer beats the redirect budget (0.2 + 2 × 2 s), three stalls outlast it.
        ANTHROPIC_TIMEOUT_MS: '1500',
        ASSISTANT_TURN_TIMEOUT_MS: '8000',
        VOICE_FILLER_AFTER_MS: '200',
        VOICE_ANSWER_WAIT_MS: '2000',
        VOICE_MAX_REDIRECTS: '2',
      },
    });
  });
  afterEach(() => {
    expect(fake.errors).toEqual([]);
    fake.reset();
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
    await twilio.stop();
  });

  const turnRow = async (sid: string, turn: number) =>
    (
      await api.dataSource.query<Array<{ state: string; twiml: string | null }>>(
        'SELECT state, twiml FROM voice_turn WHERE call_sid = $1 AND turn = $2',
        [sid, turn],
      )
    )[0];

  async function signedIn(): Promise<VoiceCall> {
    const org = await voiceOrganization(api, twilio, { agent: ['AGENT', '4826'] });
    const call = new VoiceCall(api, org.members.agent.phone, org.number);
    await call.dial();
    // A PIN check may outlast this spec's short filler budget too: follow any redirect.
    let welcome = await call.keys('4826');
    while (welcome.redirect) welcome = await call.follow();
    expect(welcome.says[0]).toMatch(/^Hi /);
    return call;
  }

  it('speaks a filler and redirects, then delivers the answer on the redirect', async () => {
    const call = await signedIn();
    // The first model request stalls (the client times out and retries); the retry answers.
    fake.script([{ stall: true }, { text: 'You have nothing due today.' }]);
    const filler = await call.say("what's on my plate");
    expect(filler.says).toEqual(['One moment, please.']);
    expect(filler.gather).toBeNull();
    expect(filler.hangup).toBe(false);
    expect(filler.redirect).toBe('/webhooks/twilio/voice/answer?turn=2&wait=1');
    expect((await turnRow(call.sid, 2)).state).toBe('RUNNING');

    // Twilio retries the slow request meanwhile: no second turn starts.
    const retried = await postVoice(
      api,
      '/webhooks/twilio/gather?turn=2',
      call.params({ SpeechResult: "what's on my plate" }),
    );
    expect(retried.redirect ?? retried.gather).toBeTruthy();

    let answer = await call.follow();
    for (let hop = 0; answer.redirect && hop < 3; hop++) answer = await call.follow();
    expect(answer.says[0]).toBe('You have nothing due today.');
    expect(answer.promptInsideGather).toBe(true);
    expect(answer.gather).toBe('/webhooks/twilio/gather?turn=3');
    expect(await turnRow(call.sid, 2)).toMatchObject({ state: 'DONE', twiml: answer.xml });
    // One turn, one run: the retried request started nothing.
    const runs = await api.dataSource.query<Array<{ input: string; reply: string }>>(
      `SELECT r.input, r.reply FROM agent_run r
         JOIN voice_session s ON s.conversation_id = r.conversation_id
        WHERE s.call_sid = $1`,
      [call.sid],
    );
    expect(runs).toEqual([{ input: "what's on my plate", reply: 'You have nothing due today.' }]);
    expect(fake.requests).toHaveLength(2);
  });

  it('apologises with a new Gather once the redirects are spent, and keeps the late result', async () => {
    const call = await signedIn();
    fake.stallAll();
    const filler = await call.say('list urgent tasks');
    expect(filler.redirect).toBe('/webhooks/twilio/voice/answer?turn=2&wait=1');
    const second = await call.follow();
    expect(second.says).toEqual(['Still working on it.']);
    expect(second.redirect).toBe('/webhooks/twilio/voice/answer?turn=2&wait=2');
    const apology = await call.follow();
    expect(apology.says[0]).toMatch(/taking too long/);
    expect(apology.gather).toBe('/webhooks/twilio/gather?turn=3');
    // The turn itself ends (the engine's turn timeout) and is written down.
    await eventually(
      async () => ((await turnRow(call.sid, 2)).state === 'DONE' ? true : undefined),
      {
        timeoutMs: 15_000,
      },
    );
    // The late result (the model never answered) is what a replay of turn 2 now gets.
    const late = await postVoice(
      api,
      '/webhooks/twilio/gather?turn=2',
      call.params({ SpeechResult: 'list urgent tasks' }),
    );
    expect(late.xml).toBe((await turnRow(call.sid, 2)).twiml);
    expect(late.gather).toBe('/webhooks/twilio/gather?turn=3');
  });
});
