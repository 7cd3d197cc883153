import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import {
  CALL,
  CALL_FIELDS,
  createCampaign,
  importCall,
  REPORT,
  SCORE_CALL,
  UPDATE_SCORECARD,
} from '../factories/calls.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

const CALL_SCORED = `subscription ($campaignId: ID) { callScored(campaignId: $campaignId) {
  id overall scorer scorecardVersion call { id scoreStatus } criteria { key passed } } }`;
const CALL_UPDATED = `subscription ($campaignId: ID) { callUpdated(campaignId: $campaignId) { id status scoreStatus } }`;

const CALL_USAGE = `query ($id: ID!) { call(id: $id) { id score { scorer
  usage { inputTokens outputTokens cacheReadTokens cacheWriteTokens costUsd batch } } } }`;

const NO_PROVIDER = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };

describe('call scoring', () => {
  let api: TestApp;
  const clients: Array<ReturnType<typeof connect>> = [];

  beforeAll(async () => {
    api = await startApi({ env: { ...NO_PROVIDER, CALL_SCORING_WAIT_MS: '15000' } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await api.close();
  });

  /** A new organization's owner, a campaign with the standard scorecard, and a call imported into it. */
  async function campaignCall(campaignInput: Record<string, unknown> = {}) {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken, campaignInput);
    const call = await importCall(api, owner.accessToken, { campaignId: campaign.id });
    return { owner, campaign, call };
  }

  async function scored(token: string, callId: string) {
    return eventually(
      async () => {
        const { call } = await gqlOk(api, CALL, { id: callId }, token);
        return ['SCORED', 'FAILED'].includes(call.scoreStatus) ? call : undefined;
      },
      { timeoutMs: 20_000, what: 'the call to be scored' },
    );
  }

  describe('without a worker', () => {
    it('wait: true answers with the job still QUEUED once the bound has passed', async () => {
      const impatient = await startApi({ env: { ...NO_PROVIDER, CALL_SCORING_WAIT_MS: '400' } });
      try {
        const owner = await registerUser(impatient);
        const campaign = await createCampaign(impatient, owner.accessToken);
        const call = await importCall(impatient, owner.accessToken, { campaignId: campaign.id });
        const started = Date.now();
        const { scoreCall } = await gqlOk(
          impatient,
          SCORE_CALL,
          { callId: call.id, wait: true },
          owner.accessToken,
        );
        expect(Date.now() - started).toBeGreaterThanOrEqual(350);
        expect(scoreCall).toMatchObject({ status: 'QUEUED', score: null, call: { id: call.id } });
      } finally {
        await impatient.close();
      }
    });
  });

  describe('when the queue loses a message', () => {
    it('scoreCall sends a waiting job again, once, and a worker then scores it', async () => {
      const { owner, call } = await campaignCall();
      const queue = api.app.get(QueueRegistry).get(QueueName.CallScoring);
      const messages = async () =>
        (await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter(
          (job) => job.data.callId === call.id,
        );
      const queued = () =>
        eventually(async () => ((await messages()).length > 0 ? messages() : undefined), {
          what: "the call's scoring message in the queue",
        });
      // Redis loses the message (flushed, or failed over without persistence).
      const [lost] = await queued();
      await lost.remove();
      expect(await messages()).toEqual([]);

      const { scoreCall } = await gqlOk(
        api,
        SCORE_CALL,
        { callId: call.id, wait: false },
        owner.accessToken,
      );
      expect(scoreCall.status).toBe('QUEUED');
      const [resent] = await queued();
      expect(resent.id).not.toBe(lost.id);

      // Asked again while the queue holds the new message: nothing more is sent.
      const again = (await gqlOk(api, SCORE_CALL, { callId: call.id }, owner.accessToken))
        .scoreCall;
      expect(again.id).toBe(scoreCall.id);
      await eventually(
        async () => {
          const [{ pending }] = await api.dataSource.query(
            `SELECT COUNT(*)::int AS pending FROM outbox_event
              WHERE published_at IS NULL AND payload->>'callId' = $1`,
            [call.id],
          );
          return pending === 0 ? true : undefined;
        },
        { what: 'the outbox to be relayed' },
      );
      expect((await messages()).map((job) => job.id)).toEqual([resent.id]);

      const worker = await startWorker({ env: NO_PROVIDER });
      try {
        const done = (
          await gqlOk(api, SCORE_CALL, { callId: call.id, wait: true }, owner.accessToken)
        ).scoreCall;
        expect(done).toMatchObject({ id: scoreCall.id, status: 'COMPLETED' });
      } finally {
        await worker.close();
      }
    });
  });

  describe('with the built-in judge', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      // As a worker from before issue 15 left it: receipts pruned on the scoring queue.
      await api.app
        .get<Queue>(getQueueToken(QueueName.CallScoring))
        .upsertJobScheduler(
          'prune-webhook-receipts',
          { every: 6 * 3600_000, startDate: Date.now() + 3600_000 },
          { name: 'prune-webhook-receipts', data: {} },
        );
      worker = await startWorker({ env: NO_PROVIDER });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('prunes old Twilio webhook receipts on the maintenance queue and keeps the recent ones', async () => {
      const maintenance = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
      const scheduled = (await maintenance.getJobSchedulers()).map((scheduler) => scheduler.key);
      expect(scheduled).toEqual(expect.arrayContaining(['prune-outbox', 'prune-webhook-receipts']));
      const scoring = worker.get<Queue>(getQueueToken(QueueName.CallScoring));
      expect((await scoring.getJobSchedulers()).map((scheduler) => scheduler.key)).not.toContain(
        'prune-webhook-receipts',
      );

      const old = `test-old-${Date.now()}`;
      const recent = `test-recent-${Date.now()}`;
      await api.dataSource.query(
        `INSERT INTO twilio_webhook_receipt (key, received_at)
         VALUES ($1, now() - interval '8 days'), ($2, now() - interval '6 days')`,
        [old, recent],
      );
      const job = await maintenance.add('prune-webhook-receipts', {});
      const left = await eventually(
        async () => {
          const rows: Array<{ key: string }> = await api.dataSource.query(
            'SELECT key FROM twilio_webhook_receipt WHERE key = ANY($1)',
            [[old, recent]],
          );
          return rows.length === 1 ? rows : undefined;
        },
        { what: 'the old receipt pruned' },
      );
      expect(left.map((row) => row.key)).toEqual([recent]);
      const finished = await eventually(
        async () => ((await job.isCompleted()) ? await maintenance.getJob(job.id!) : undefined),
        { what: 'the prune job completed' },
      );
      expect(finished?.returnvalue).toEqual({ deleted: expect.any(Number) });
    });

    it('shows every field of a narrowly selected calls page as call(id) shows it', async () => {
      const owner = await registerUser(api);
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const campaign = await createCampaign(api, owner.accessToken);
      const full = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        agentId: agent.userId,
        externalId: `narrow-${Date.now()}`,
        startedAt: '2026-11-30T10:00:00.000Z',
        endedAt: '2026-11-30T10:05:00.000Z',
        recordingUrl: 'https://recordings.example.com/narrow.mp3',
      });
      const bare = await importCall(api, owner.accessToken, { campaignId: campaign.id });
      await scored(owner.accessToken, full.id);
      await scored(owner.accessToken, bare.id);

      const { calls } = await gqlOk<any>(
        api,
        `query ($campaignId: ID!) { calls(first: 10, filter: { campaignId: $campaignId }) {
          nodes { ${CALL_FIELDS} } } }`,
        { campaignId: campaign.id },
        owner.accessToken,
      );
      expect(calls.nodes.map((node: any) => node.id).sort()).toEqual([full.id, bare.id].sort());
      for (const node of calls.nodes) {
        const { call } = await gqlOk<any>(api, CALL, { id: node.id }, owner.accessToken);
        expect(node).toEqual(call);
      }
      const shown = calls.nodes.find((node: any) => node.id === full.id);
      expect(shown).toMatchObject({
        agent: { id: agent.userId },
        campaign: { id: campaign.id },
        recordingUrl: 'https://recordings.example.com/narrow.mp3',
        durationSec: 300,
        scoreStatus: 'SCORED',
        score: { overall: expect.any(Number) },
      });
      expect(shown.transcript.length).toBeGreaterThan(0);
      expect(shown.statusTimeline.length).toBeGreaterThan(0);
    });

    it('scores an imported call automatically, announces it, and reports it', async () => {
      const owner = await registerUser(api);
      const stranger = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const ownerClient = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
      const strangerClient = connect(api.wsUrl, {
        authorization: `Bearer ${stranger.accessToken}`,
      });
      clients.push(ownerClient, strangerClient);
      const scoredFeed = subscribe<any>(ownerClient, CALL_SCORED, { campaignId: campaign.id });
      const updatedFeed = subscribe<any>(ownerClient, CALL_UPDATED, { campaignId: campaign.id });
      const strangerFeed = subscribe<any>(strangerClient, CALL_SCORED, {});
      await new Promise((resolve) => setTimeout(resolve, 300));

      const call = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        agentId: owner.userId,
        startedAt: '2026-04-01T10:00:00.000Z',
        endedAt: '2026-04-01T10:00:30.000Z',
      });
      const event = await scoredFeed.next(20_000);
      expect(event.data!.callScored).toMatchObject({
        scorer: 'builtin',
        scorecardVersion: 1,
        call: { id: call.id, scoreStatus: 'SCORED' },
      });
      const updates = [(await updatedFeed.next()).data!.callUpdated];
      while (updates.at(-1).scoreStatus !== 'SCORED')
        updates.push((await updatedFeed.next()).data!.callUpdated);
      // Each event shows the call as it is when delivered, so SCORING may already read SCORED.
      expect(updates[0].scoreStatus).toBe('QUEUED');
      expect(updates.every((u) => ['QUEUED', 'SCORING', 'SCORED'].includes(u.scoreStatus))).toBe(
        true,
      );
      await strangerFeed.expectSilence(300);

      const { call: read } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
      const byKey = Object.fromEntries(read.score.criteria.map((c: any) => [c.key, c]));
      expect(byKey.greeting).toMatchObject({
        passed: true,
        score: 1,
        scorer: 'rules',
        evidence: ['Hello, thank you for calling Acme, this is Dana.'],
      });
      expect(byKey.no_guarantees).toMatchObject({ passed: true, score: 1, evidence: [] });
      expect(byKey.listening.evidence[0]).toMatch(/^agentTalkRatio = 0\.\d+/);
      expect(byKey.empathy.scorer).toBe('builtin');
      expect(byKey.empathy.evidence).toContain(
        'I am so sorry about the delivery problem, I understand.',
      );
      expect(read.score.metrics).toMatchObject({ questionsAsked: 1, interruptions: 0 });
      expect(read.score.metrics.agentTalkRatio + read.score.metrics.customerTalkRatio).toBeCloseTo(
        1,
        3,
      );
      const expected = read.score.criteria.reduce(
        (sum: number, c: any) => sum + c.weight * c.score,
        0,
      );
      expect(read.score.overall).toBeCloseTo(expected, 1);
      expect(read.score.scorer).toBe('builtin');
      expect(read.score.model).toBeNull();

      const range = {
        campaignId: campaign.id,
        from: '2026-04-01T00:00:00Z',
        to: '2026-04-02T00:00:00Z',
      };
      const byAgent = await gqlOk(api, REPORT, { ...range, groupBy: 'AGENT' }, owner.accessToken);
      expect(byAgent.callQualityReport).toEqual([
        expect.objectContaining({ key: owner.userId, calls: 1, averageScore: read.score.overall }),
      ]);
      const byDay = await gqlOk(api, REPORT, { ...range, groupBy: 'DAY' }, owner.accessToken);
      expect(byDay.callQualityReport).toEqual([
        expect.objectContaining({ key: '2026-04-01', label: '2026-04-01', calls: 1 }),
      ]);
      const byCriterion = await gqlOk(
        api,
        REPORT,
        { ...range, groupBy: 'CRITERION' },
        owner.accessToken,
      );
      const greeting = byCriterion.callQualityReport.find((row: any) => row.key === 'greeting');
      expect(greeting).toEqual({
        key: 'greeting',
        label: 'Agent greets the customer and gives their name',
        calls: 1,
        averageScore: 100,
        passRate: 1,
      });
      const empty = await gqlOk(
        api,
        REPORT,
        { ...range, from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z', groupBy: 'DAY' },
        owner.accessToken,
      );
      expect(empty.callQualityReport).toEqual([]);
      const backwards = await gqlError(
        api,
        REPORT,
        { ...range, from: range.to, to: range.from, groupBy: 'DAY' },
        owner.accessToken,
      );
      expect(backwards.code).toBe('BAD_USER_INPUT');
    });

    it('scoreCall returns the same job for the same version, and a new one for a new version', async () => {
      const { owner, campaign, call } = await campaignCall();
      const first = (
        await gqlOk(api, SCORE_CALL, { callId: call.id, wait: true }, owner.accessToken)
      ).scoreCall;
      expect(first).toMatchObject({
        status: 'COMPLETED',
        error: null,
        score: { scorecardVersion: 1, scorer: 'builtin' },
      });
      const again = (await gqlOk(api, SCORE_CALL, { callId: call.id }, owner.accessToken))
        .scoreCall;
      expect(again.id).toBe(first.id);
      expect(again.status).toBe('COMPLETED');

      await gqlOk(
        api,
        UPDATE_SCORECARD,
        {
          campaignId: campaign.id,
          criteria: [
            {
              key: 'questions',
              description: 'Asks questions',
              kind: 'METRIC_THRESHOLD',
              weight: 1,
              config: { metric: 'questionsAsked', op: 'gte', value: 3 },
            },
          ],
        },
        owner.accessToken,
      );
      const queued = (
        await gqlOk(api, SCORE_CALL, { callId: call.id, wait: false }, owner.accessToken)
      ).scoreCall;
      expect(queued.id).not.toBe(first.id);
      expect(queued.status).toBe('QUEUED');
      const done = (
        await gqlOk(api, SCORE_CALL, { callId: call.id, wait: true }, owner.accessToken)
      ).scoreCall;
      expect(done).toMatchObject({
        id: queued.id,
        status: 'COMPLETED',
        score: { scorecardVersion: 2, overall: 0 },
      });
      const { call: read } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
      expect(read.score.scorecardVersion).toBe(2);
      // The version-1 score is kept.
      const { scoringJob } = await gqlOk(
        api,
        'query ($id: ID!) { scoringJob(id: $id) { status score { scorecardVersion } } }',
        { id: first.id },
        owner.accessToken,
      );
      expect(scoringJob).toEqual({ status: 'COMPLETED', score: { scorecardVersion: 1 } });
    });

    it('scores a call once however often its message is delivered, without a SCORING step', async () => {
      const { owner, call } = await campaignCall();
      const queue = worker.get<Queue>(getQueueToken(QueueName.CallScoring));
      const [{ scorecard_id: scorecardId }] = await api.dataSource.query(
        'SELECT scorecard_id FROM scoring_job WHERE call_id = $1',
        [call.id],
      );
      const payload = { callId: call.id, scorecardId, scorecardVersion: 1 };
      // Two more deliveries of the same work, racing the first.
      const duplicates = await queue.addBulk([
        { name: 'score-call', data: payload },
        { name: 'score-call', data: payload },
      ]);
      await eventually(
        async () => {
          const states = await Promise.all(duplicates.map((job) => job.getState()));
          return states.every((state) => state === 'completed') ? true : undefined;
        },
        { what: 'the duplicate deliveries to finish' },
      );
      expect((await scored(owner.accessToken, call.id)).scoreStatus).toBe('SCORED');
      const [counts] = await api.dataSource.query(
        `SELECT (SELECT COUNT(*)::int FROM call_score WHERE call_id = $1::uuid) AS scores,
                (SELECT attempts FROM scoring_job WHERE call_id = $1::uuid) AS attempts,
                (SELECT COUNT(*)::int FROM outbox_event
                  WHERE payload->>'callId' = $1::text AND topic LIKE 'call.scored.%') AS scored_events`,
        [call.id],
      );
      expect(counts).toEqual({ scores: 1, attempts: 1, scored_events: 1 });
      // The built-in judge costs nothing.
      const { call: withUsage } = await gqlOk(api, CALL_USAGE, { id: call.id }, owner.accessToken);
      expect(withUsage.score).toEqual({
        scorer: 'builtin',
        usage: {
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costUsd: 0,
          batch: false,
        },
      });
      // Built-in scoring takes well under a millisecond: the call goes from
      // QUEUED to SCORED, with no SCORING update in between.
      const updates: Array<{ n: number }> = await api.dataSource.query(
        `SELECT COUNT(*)::int AS n FROM outbox_event
          WHERE payload->>'callId' = $1 AND topic LIKE 'call.updated.%'`,
        [call.id],
      );
      expect(updates[0].n).toBe(2); // imported (QUEUED), then SCORED
    });

    it('refuses to score a call without a scorecard, and refuses an AGENT', async () => {
      const owner = await registerUser(api);
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const loose = await importCall(api, owner.accessToken);
      const error = await gqlError(api, SCORE_CALL, { callId: loose.id }, owner.accessToken);
      expect(error.code).toBe('BAD_USER_INPUT');
      const forbidden = await gqlError(api, SCORE_CALL, { callId: loose.id }, agent.accessToken);
      expect(forbidden.code).toBe('FORBIDDEN');
      const stranger = await registerUser(api);
      const foreign = await gqlError(api, SCORE_CALL, { callId: loose.id }, stranger.accessToken);
      expect(foreign.code).toBe('NOT_FOUND');
    });
  });

  describe('with Claude (a local fake of the Messages API)', () => {
    let worker: INestApplicationContext;
    let fake: FakeAnthropic;
    beforeAll(async () => {
      fake = await new FakeAnthropic().start();
      worker = await startWorker({
        env: {
          ANTHROPIC_API_KEY: 'sk-ant-test',
          ANTHROPIC_BASE_URL: fake.url,
          CALL_SCORING_MAX_ATTEMPTS: '2',
        },
      });
    });
    afterAll(async () => {
      await worker.close();
      await fake.stop();
    });
    beforeEach(() => fake.reset());

    async function scoredCall() {
      const { owner, call } = await campaignCall({ script: 'Greet, apologise, fix.' });
      return { owner, call: await scored(owner.accessToken, call.id) };
    }

    it('judges LLM_JUDGED criteria with a forced tool call and verbatim evidence', async () => {
      const { call } = await scoredCall();
      expect(call.scoreStatus).toBe('SCORED');
      expect(call.score).toMatchObject({ scorer: 'claude', model: 'claude-sonnet-5' });
      const empathy = call.score.criteria.find((c: any) => c.key === 'empathy');
      expect(empathy).toMatchObject({
        scorer: 'claude',
        score: 0.8,
        passed: true,
        evidence: ['Hello, thank you for calling Acme, this is Dana.'],
      });
      // Rules stay rules: only the judged criterion went to Claude.
      expect(call.score.criteria.find((c: any) => c.key === 'greeting').scorer).toBe('rules');
      expect(fake.requests).toHaveLength(1);
      const [sent] = fake.requests;
      expect(JSON.stringify(sent.headers)).toContain('sk-ant-test');
      expect(sent.headers['anthropic-version']).toBeDefined();
      expect(sent.body.tool_choice).toEqual({ type: 'tool', name: 'record_scores' });
      expect(sent.body.tools[0].input_schema.properties.criteria.items.properties.key.enum).toEqual(
        ['empathy'],
      );
      // The scorecard is the cached prefix (system, marked for the prompt
      // cache); the transcript comes after it.
      expect(sent.body.system).toEqual([
        expect.objectContaining({ type: 'text', cache_control: { type: 'ephemeral' } }),
      ]);
      expect(sent.body.system[0].text).toContain('Greet, apologise, fix.');
      expect(sent.body.system[0].text).toContain('empathy: Agent shows empathy');
      expect(sent.body.system[0].text).not.toContain('Dana');
      expect(sent.body.messages[0].content).toMatch(/^Transcript:\n/);
      expect(sent.body.messages[0].content).toContain('this is Dana');
    });

    it("records each score's tokens and cost: the scorecard written to the cache once, then read", async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken, { script: 'Be kind.' });
      const first = await importCall(api, owner.accessToken, { campaignId: campaign.id });
      await scored(owner.accessToken, first.id);
      const second = await importCall(api, owner.accessToken, { campaignId: campaign.id });
      await scored(owner.accessToken, second.id);
      const usageOf = async (id: string) =>
        (await gqlOk(api, CALL_USAGE, { id }, owner.accessToken)).call.score.usage;
      const [one, two] = [await usageOf(first.id), await usageOf(second.id)];
      expect(fake.requests).toHaveLength(2);
      const answered = fake.requests.map((request) => request.body);
      expect(answered[0].system).toEqual(answered[1].system);
      // The fake counts the prefix as Anthropic does: written the first time, read after.
      expect(one.cacheWriteTokens).toBeGreaterThan(0);
      expect(one.cacheReadTokens).toBe(0);
      expect(two.cacheReadTokens).toBe(one.cacheWriteTokens);
      expect(two.cacheWriteTokens).toBe(0);
      expect(one.outputTokens).toBe(50);
      expect(one.inputTokens).toBeGreaterThan(0);
      // claude-sonnet-5 at $3 / $15 per million, cache writes 1.25×, reads 0.1× input.
      for (const usage of [one, two]) {
        const dollars =
          (usage.inputTokens * 3 +
            usage.outputTokens * 15 +
            usage.cacheWriteTokens * 3.75 +
            usage.cacheReadTokens * 0.3) /
          1e6;
        // Stored to the millionth of a dollar.
        expect(usage.costUsd).toBe(Math.round(dollars * 1e6) / 1e6);
        expect(usage.batch).toBe(false);
      }
      expect(two.costUsd).toBeLessThan(one.costUsd);
    });

    it('shows the job RUNNING and the call SCORING while Claude judges it', async () => {
      let answer!: () => void;
      fake.next({ kind: 'answer', until: new Promise<void>((resolve) => (answer = resolve)) });
      const { owner, call } = await campaignCall();
      await eventually(() => (fake.requests.length > 0 ? true : undefined), {
        what: 'the request to Claude',
      });
      const { call: during } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
      expect(during.scoreStatus).toBe('SCORING');
      const [job] = await api.dataSource.query(
        'SELECT status, attempts FROM scoring_job WHERE call_id = $1',
        [call.id],
      );
      expect(job).toEqual({ status: 'RUNNING', attempts: 1 });
      answer();
      expect((await scored(owner.accessToken, call.id)).scoreStatus).toBe('SCORED');
    });

    it('rejects a fabricated evidence quote and asks again', async () => {
      fake.next({ kind: 'fabricated' });
      const { call } = await scoredCall();
      expect(call.scoreStatus).toBe('SCORED');
      expect(call.score.criteria.find((c: any) => c.key === 'empathy').evidence).toEqual([
        'Hello, thank you for calling Acme, this is Dana.',
      ]);
      expect(fake.requests).toHaveLength(2);
      const retry = fake.requests[1].body.messages.at(-1).content[0];
      expect(retry).toMatchObject({ type: 'tool_result', is_error: true });
      expect(retry.content).toContain('does not appear verbatim in the transcript');
    });

    it('fails the job, readably, when Claude keeps inventing quotes or breaking the schema', async () => {
      fake.next({ kind: 'fabricated' }, { kind: 'malformed' }, { kind: 'fabricated' });
      const { owner, call } = await scoredCall();
      expect(call.scoreStatus).toBe('FAILED');
      expect(call.score).toBeNull();
      const { scoreCall } = await gqlOk(
        api,
        SCORE_CALL,
        { callId: call.id, wait: false },
        owner.accessToken,
      );
      // A FAILED job is queued again when asked.
      expect(scoreCall.status).toBe('QUEUED');
      const done = (
        await gqlOk(api, SCORE_CALL, { callId: call.id, wait: true }, owner.accessToken)
      ).scoreCall;
      expect(done.status).toBe('COMPLETED');
    });

    it('retries after a 429 and then succeeds', async () => {
      fake.next({ kind: 'status', status: 429 });
      const { call } = await scoredCall();
      expect(call.scoreStatus).toBe('SCORED');
      expect(fake.requests).toHaveLength(2);
    });

    it('ends FAILED with the provider error once retries run out', async () => {
      fake.next({ kind: 'status', status: 529 }, { kind: 'status', status: 500 });
      const { owner, call } = await campaignCall();
      const { scoreCall } = await gqlOk(
        api,
        SCORE_CALL,
        { callId: call.id, wait: true },
        owner.accessToken,
      );
      expect(scoreCall.status).toBe('FAILED');
      expect(scoreCall.error).toMatch(
        /^Scoring failed after 2 attempt\(s\): Anthropic API 500 error/,
      );
      expect(scoreCall.call.scoreStatus).toBe('FAILED');
      expect(fake.requests).toHaveLength(2);
    });

    it('fails at once on a request Claude refuses (400), without retrying', async () => {
      fake.next({ kind: 'status', status: 400 });
      const { owner, call } = await campaignCall();
      const { scoreCall } = await gqlOk(
        api,
        SCORE_CALL,
        { callId: call.id, wait: true },
        owner.accessToken,
      );
      expect(scoreCall.status).toBe('FAILED');
      expect(scoreCall.error).toContain('Anthropic API 400 error');
      expect(fake.requests).toHaveLength(1);
    });
  });
});
