import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { createCampaign, importCall, sampleTranscript } from '../factories/calls.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

const CALL_SCORED = `subscription ($campaignId: ID) { callScored(campaignId: $campaignId) {
  id scorer call { id scoreStatus } usage { inputTokens outputTokens cacheReadTokens cacheWriteTokens costUsd batch } } }`;
const CALL = `query ($id: ID!) { call(id: $id) { id scoreStatus
  score { id scorer model criteria { key scorer evidence } usage { inputTokens outputTokens cacheReadTokens cacheWriteTokens costUsd batch } } } }`;
const SCORE_CALL = `mutation ($callId: ID!) { scoreCall(callId: $callId) { id status error } }`;
const UPDATE_CAMPAIGN = `mutation ($id: ID!, $input: UpdateCampaignInput!) {
  updateCampaign(id: $id, input: $input) { id name script active scoringMode } }`;
const CAMPAIGN = `query ($id: ID!) { campaign(id: $id) { id scoringMode } }`;

/** A transcript that says `marker` at its end (the fake decides batch outcomes by it). */
const saying = (marker: string) => [
  ...sampleTranscript(),
  { speaker: 'CUSTOMER', text: `My reference is ${marker}.`, startSec: 30, endSec: 33 },
];

/**
 * A marker the fake matches in the prompt: letters only, since a run of
 * digits (a timestamp) can pass the Luhn check and be redacted from the
 * transcript as a card number before it reaches the model.
 */
const letterTag = (): string =>
  Array.from(randomBytes(10), (byte) => String.fromCharCode(65 + (byte % 26))).join('');

describe('batch scoring (Message Batches API, a local fake)', () => {
  let api: TestApp;
  let worker: INestApplicationContext | null;
  let fake: FakeAnthropic;
  const clients: Array<ReturnType<typeof connect>> = [];

  beforeAll(async () => {
    fake = await new FakeAnthropic().start();
    const env = {
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: fake.url,
      CALL_SCORING_BATCH_WINDOW_MS: '2500',
      CALL_SCORING_BATCH_TICK_MS: '200',
      CALL_SCORING_BATCH_POLL_MS: '300',
      CALL_SCORING_BATCH_POLL_MAX_MS: '1000',
      CALL_SCORING_BATCH_MAX_SUBMISSIONS: '2',
      CALL_SCORING_BATCH_MAX_ERRORS: '2',
    };
    api = await startApi({ env });
    worker = await startWorker({ env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await worker?.close();
    await api.close();
    await fake.stop();
  });

  it('campaigns are REALTIME unless created or updated to BATCH, with bad values refused', async () => {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    expect((await gqlOk(api, CAMPAIGN, { id: campaign.id }, owner.accessToken)).campaign).toEqual({
      id: campaign.id,
      scoringMode: 'REALTIME',
    });
    const { updateCampaign } = await gqlOk(
      api,
      UPDATE_CAMPAIGN,
      { id: campaign.id, input: { scoringMode: 'BATCH' } },
      owner.accessToken,
    );
    expect(updateCampaign).toMatchObject({ id: campaign.id, scoringMode: 'BATCH', active: true });
    const refused = await gqlError(
      api,
      UPDATE_CAMPAIGN,
      { id: campaign.id, input: { scoringMode: 'LATER' } },
      owner.accessToken,
    );
    expect(refused.extensions?.code).toBeDefined();
    const blank = await gqlError(
      api,
      UPDATE_CAMPAIGN,
      { id: campaign.id, input: { name: '   ' } },
      owner.accessToken,
    );
    expect(blank.extensions?.code).toBe('BAD_USER_INPUT');
    const created = await createCampaign(api, owner.accessToken, { scoringMode: 'BATCH' });
    expect(
      (await gqlOk(api, CAMPAIGN, { id: created.id }, owner.accessToken)).campaign.scoringMode,
    ).toBe('BATCH');
  });

  it('sends the calls of a BATCH campaign in one batch, scores them once, and handles errored and expired results', async () => {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken, {
      scoringMode: 'BATCH',
      script: 'Greet, apologise, fix.',
    });
    const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
    clients.push(client);
    const scoredFeed = subscribe<any>(client, CALL_SCORED, { campaignId: campaign.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tag = letterTag();
    // Always errors: sent twice (CALL_SCORING_BATCH_MAX_ERRORS=2), then FAILED.
    fake.batchOutcomeWhen(`ERR-${tag}`, 'errored');
    // Expires once: sent again in the next batch, where it succeeds.
    fake.batchOutcomeWhen(`EXP-${tag}`, 'expired', 1);

    const batchesBefore = fake.batches.length;
    const calls = await Promise.all(
      [`OK1-${tag}`, `OK2-${tag}`, `ERR-${tag}`, `EXP-${tag}`].map((marker) =>
        importCall(api, owner.accessToken, { campaignId: campaign.id, transcript: saying(marker) }),
      ),
    );
    const [ok1, ok2, errored, expired] = calls;

    // Nothing goes to the Messages API; one batch carries all four.
    const ours = () =>
      fake.batches
        .slice(batchesBefore)
        .filter((batch) => JSON.stringify(batch.requests).includes(tag));
    const first = await eventually(() => ours()[0], {
      timeoutMs: 20_000,
      what: 'the first Message Batch',
    });
    expect(first.requests).toHaveLength(4);
    expect(fake.requests.filter((request) => JSON.stringify(request.body).includes(tag))).toEqual(
      [],
    );
    const [params] = first.requests.map((request) => request.params);
    expect(params.model).toBe('claude-sonnet-5');
    expect(params.system).toEqual([
      expect.objectContaining({ type: 'text', cache_control: { type: 'ephemeral' } }),
    ]);
    expect(params.system[0].text).toContain('Greet, apologise, fix.');
    expect(params.messages[0].content).toMatch(/^Transcript:\n/);
    // custom_ids are ours, one per call.
    expect(new Set(first.requests.map((request) => request.custom_id)).size).toBe(4);

    // While collected or in flight the call shows SCORING.
    const { call: waiting } = await gqlOk(api, CALL, { id: ok1.id }, owner.accessToken);
    expect(['SCORING', 'SCORED']).toContain(waiting.scoreStatus);

    const settled = async (id: string) =>
      eventually(
        async () => {
          const { call } = await gqlOk(api, CALL, { id }, owner.accessToken);
          return ['SCORED', 'FAILED'].includes(call.scoreStatus) ? call : undefined;
        },
        { timeoutMs: 40_000, what: `call ${id} to be scored or failed` },
      );
    const [scored1, scored2, failed, resent] = [
      await settled(ok1.id),
      await settled(ok2.id),
      await settled(errored.id),
      await settled(expired.id),
    ];
    for (const call of [scored1, scored2, resent]) {
      expect(call.scoreStatus).toBe('SCORED');
      expect(call.score).toMatchObject({ scorer: 'claude', model: 'claude-sonnet-5' });
      expect(call.score.criteria.find((c: any) => c.key === 'empathy')).toMatchObject({
        scorer: 'claude',
        evidence: ['Hello, thank you for calling Acme, this is Dana.'],
      });
      const usage = call.score.usage;
      expect(usage.batch).toBe(true);
      expect(usage.outputTokens).toBe(50);
      // Half of claude-sonnet-5's $3 / $15 per million (cache writes 1.25×, reads 0.1× input).
      const full =
        (usage.inputTokens * 3 +
          usage.outputTokens * 15 +
          usage.cacheWriteTokens * 3.75 +
          usage.cacheReadTokens * 0.3) /
        1e6;
      // Half price, stored to the millionth of a dollar.
      expect(usage.costUsd).toBe(Math.round((full / 2) * 1e6) / 1e6);
    }
    expect(failed.scoreStatus).toBe('FAILED');
    expect(failed.score).toBeNull();

    // The errored call was sent in two batches, then FAILED with a readable reason.
    const [job] = await api.dataSource.query(
      `SELECT j.status, j.error, i.status AS item_status, i.errors, i.submissions
         FROM scoring_job j JOIN scoring_batch_item i ON i.job_id = j.id
        WHERE j.call_id = $1`,
      [errored.id],
    );
    expect(job).toMatchObject({ item_status: 'FAILED', errors: 2, submissions: 2 });
    expect(job.error).toContain('Message Batch result errored 2 time(s)');
    expect(job.error).toContain('fake: this request was malformed');

    // The expired call was sent again (in a later batch) and scored there.
    const sentIn = (marker: string) =>
      ours().filter((batch) => JSON.stringify(batch.requests).includes(marker)).length;
    expect(sentIn(`EXP-${tag}`)).toBe(2);
    expect(sentIn(`ERR-${tag}`)).toBe(2);
    expect(sentIn(`OK1-${tag}`)).toBe(1);

    // One score and one callScored event per scored call; none for the failed one.
    const counts = await api.dataSource.query(
      `SELECT c.id,
              (SELECT COUNT(*)::int FROM call_score s WHERE s.call_id = c.id) AS scores,
              (SELECT COUNT(*)::int FROM outbox_event o
                WHERE o.payload->>'callId' = c.id::text AND o.topic LIKE 'call.scored.%') AS scored_events
         FROM call c WHERE c.id = ANY($1::uuid[])`,
      [calls.map((call) => call.id)],
    );
    const byId = new Map(counts.map((row: any) => [row.id, row]));
    for (const call of [ok1, ok2, expired]) {
      expect(byId.get(call.id)).toMatchObject({ scores: 1, scored_events: 1 });
    }
    expect(byId.get(errored.id)).toMatchObject({ scores: 0, scored_events: 0 });
    const events = [];
    for (let i = 0; i < 3; i += 1) events.push((await scoredFeed.next(20_000)).data!.callScored);
    expect(events.map((event) => event.call.id).sort()).toEqual(
      [ok1.id, ok2.id, expired.id].sort(),
    );
    expect(events.every((event) => event.usage.batch)).toBe(true);
    await scoredFeed.expectSilence(500);

    const batches = await api.dataSource.query(
      `SELECT status, provider_batch_id FROM scoring_batch WHERE organization_id =
         (SELECT organization_id FROM campaign WHERE id = $1) ORDER BY created_at`,
      [campaign.id],
    );
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.every((batch: any) => batch.status === 'ENDED' && batch.provider_batch_id)).toBe(
      true,
    );
  });

  it('scoreCall queues a FAILED batch job again, and it is scored in a new batch', async () => {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken, { scoringMode: 'BATCH' });
    const tag = `AGAIN-${letterTag()}`;
    fake.batchOutcomeWhen(tag, 'errored', 2);
    const call = await importCall(api, owner.accessToken, {
      campaignId: campaign.id,
      transcript: saying(tag),
    });
    const state = (id: string) =>
      eventually(
        async () => {
          const { call: current } = await gqlOk(api, CALL, { id }, owner.accessToken);
          return ['SCORED', 'FAILED'].includes(current.scoreStatus) ? current : undefined;
        },
        { timeoutMs: 40_000, what: 'the call to settle' },
      );
    expect((await state(call.id)).scoreStatus).toBe('FAILED');
    const { scoreCall } = await gqlOk(api, SCORE_CALL, { callId: call.id }, owner.accessToken);
    expect(scoreCall.status).toBe('QUEUED');
    const done = await state(call.id);
    expect(done.scoreStatus).toBe('SCORED');
    expect(done.score.usage.batch).toBe(true);
  });

  it('scoreCall(wait: true) has a BATCH call judged at once, through the Messages API', async () => {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken, { scoringMode: 'BATCH' });
    const tag = `URGENT-${letterTag()}`;
    fake.batchOutcomeWhen(tag, 'errored', 2);
    const call = await importCall(api, owner.accessToken, {
      campaignId: campaign.id,
      transcript: saying(tag),
    });
    await eventually(
      async () => {
        const { call: current } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
        return current.scoreStatus === 'FAILED' ? true : undefined;
      },
      { timeoutMs: 40_000, what: 'the batch job to fail' },
    );
    const batchesBefore = fake.batches.length;
    const { scoreCall } = await gqlOk(
      api,
      `mutation ($callId: ID!) { scoreCall(callId: $callId, wait: true) {
        id status score { scorer usage { batch costUsd } } } }`,
      { callId: call.id },
      owner.accessToken,
    );
    expect(scoreCall).toMatchObject({
      status: 'COMPLETED',
      score: { scorer: 'claude', usage: { batch: false } },
    });
    expect(
      fake.requests.filter((request) => JSON.stringify(request.body).includes(tag)),
    ).toHaveLength(1);
    expect(fake.batches.length).toBe(batchesBefore);
  });

  it('scores at once with the built-in judge when there is no ANTHROPIC_API_KEY, whatever the mode', async () => {
    // Last: the worker with a key stops, so only the one without takes the job.
    const keyed = worker;
    worker = null;
    await keyed?.close();
    const env = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };
    const plainApi = await startApi({ env });
    const plainWorker = await startWorker({ env });
    try {
      const owner = await registerUser(plainApi);
      const campaign = await createCampaign(plainApi, owner.accessToken, { scoringMode: 'BATCH' });
      const before = fake.batches.length;
      const call = await importCall(plainApi, owner.accessToken, { campaignId: campaign.id });
      const scored = await eventually(
        async () => {
          const { call: current } = await gqlOk(plainApi, CALL, { id: call.id }, owner.accessToken);
          return current.scoreStatus === 'SCORED' ? current : undefined;
        },
        { timeoutMs: 20_000, what: 'the built-in score' },
      );
      expect(scored.score).toMatchObject({
        scorer: 'builtin',
        usage: { costUsd: 0, batch: false },
      });
      expect(fake.batches.length).toBe(before);
    } finally {
      await plainWorker.close();
      await plainApi.close();
    }
  });
});
