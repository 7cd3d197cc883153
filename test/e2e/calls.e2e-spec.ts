import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import {
  CALL,
  CALLS,
  createCampaign,
  importCall,
  IMPORT_CALL,
  sampleTranscript,
  STANDARD_CRITERIA,
  UPDATE_SCORECARD,
  CREATE_CAMPAIGN,
} from '../factories/calls.factory';
import { recordStatements } from '../utils/record-statements';
import { startApi, TestApp } from '../utils/test-app';

describe('calls: campaigns, scorecards and imports', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  describe('scorecards', () => {
    it('normalises weights to 100 and keeps each kind’s config', async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken, { script: 'Say hello.' });
      const weights = campaign.scorecard.criteria.map((criterion) => criterion.weight);
      expect(weights).toEqual([25, 12.5, 12.5, 50]);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
      expect(campaign.scorecard.version).toBe(1);
      const { campaign: read } = await gqlOk(
        api,
        'query ($id: ID!) { campaign(id: $id) { id script scorecard { criteria { key config } } } }',
        { id: campaign.id },
        owner.accessToken,
      );
      expect(read.script).toBe('Say hello.');
      expect(read.scorecard.criteria[0].config).toEqual({
        phrases: ['thank you for calling'],
        speaker: 'AGENT',
        withinSec: 30,
      });
      // The speaker defaults to AGENT.
      expect(read.scorecard.criteria[1].config).toEqual({
        phrases: ['guaranteed', 'I promise'],
        speaker: 'AGENT',
      });
    });

    it('refuses invalid criteria with a path for each problem and creates nothing', async () => {
      const owner = await registerUser(api);
      const error = await gqlError(
        api,
        CREATE_CAMPAIGN,
        {
          input: {
            name: 'Broken',
            criteria: [
              { key: 'Bad Key', description: 'x', kind: 'LLM_JUDGED', weight: 1 },
              {
                key: 'dup',
                description: 'x',
                kind: 'PHRASE_REQUIRED',
                weight: 1,
                config: { phrases: [] },
              },
              {
                key: 'dup',
                description: 'x',
                kind: 'METRIC_THRESHOLD',
                weight: 0,
                config: { metric: 'mood', op: 'eq', value: 'high' },
              },
              {
                key: 'forbidden',
                description: 'x',
                kind: 'PHRASE_FORBIDDEN',
                weight: 1,
                config: { phrases: ['ok'], speaker: 'BOT', extra: 1 },
              },
              {
                key: 'timed',
                description: 'x',
                kind: 'PHRASE_REQUIRED',
                weight: 1,
                config: { phrases: ['hi'], withinSec: -3 },
              },
            ],
          },
        },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      const paths = (error.extensions.fields as Array<{ path: string }>).map((field) => field.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'input.criteria.0.key',
          'input.criteria.1.config.phrases',
          'input.criteria.2.key',
          'input.criteria.2.weight',
          'input.criteria.2.config.metric',
          'input.criteria.2.config.op',
          'input.criteria.2.config.value',
          'input.criteria.3.config.speaker',
          'input.criteria.3.config.extra',
          'input.criteria.4.config.withinSec',
        ]),
      );
      const { campaigns } = await gqlOk(api, '{ campaigns { id } }', {}, owner.accessToken);
      expect(campaigns).toEqual([]);
    });

    it('refuses an empty scorecard', async () => {
      const owner = await registerUser(api);
      const error = await gqlError(
        api,
        CREATE_CAMPAIGN,
        { input: { name: 'Empty', criteria: [] } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
    });

    it('writes a new version on update and old scores keep theirs', async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const { updateScorecard } = await gqlOk(
        api,
        UPDATE_SCORECARD,
        {
          campaignId: campaign.id,
          criteria: [
            { key: 'empathy', description: 'Shows empathy', kind: 'LLM_JUDGED', weight: 3 },
          ],
        },
        owner.accessToken,
      );
      expect(updateScorecard.scorecard.version).toBe(2);
      expect(updateScorecard.scorecard.criteria).toEqual([
        {
          key: 'empathy',
          description: 'Shows empathy',
          kind: 'LLM_JUDGED',
          weight: 100,
          config: null,
        },
      ]);
      const again = await gqlError(
        api,
        UPDATE_SCORECARD,
        {
          campaignId: campaign.id,
          criteria: [{ key: 'x', description: ' ', kind: 'LLM_JUDGED', weight: 1 }],
        },
        owner.accessToken,
      );
      expect(again.code).toBe('BAD_USER_INPUT');
      const { campaign: read } = await gqlOk(
        api,
        'query ($id: ID!) { campaign(id: $id) { scorecard { version } } }',
        { id: campaign.id },
        owner.accessToken,
      );
      expect(read.scorecard.version).toBe(2);
    });

    it('lets SUPERVISOR manage scorecards and refuses AGENT', async () => {
      const owner = await registerUser(api);
      const supervisor = await addMemberWithRole(api, owner, 'SUPERVISOR');
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const campaign = await createCampaign(api, supervisor.accessToken);
      const refused = await gqlError(
        api,
        CREATE_CAMPAIGN,
        { input: { name: 'Nope', criteria: STANDARD_CRITERIA } },
        agent.accessToken,
      );
      expect(refused.code).toBe('FORBIDDEN');
      const update = await gqlError(
        api,
        UPDATE_SCORECARD,
        { campaignId: campaign.id, criteria: STANDARD_CRITERIA },
        agent.accessToken,
      );
      expect(update.code).toBe('FORBIDDEN');
      // Agents still read campaigns.
      const { campaigns } = await gqlOk(api, '{ campaigns { id } }', {}, agent.accessToken);
      expect(campaigns.map((c: { id: string }) => c.id)).toEqual([campaign.id]);
    });
  });

  describe('importCall', () => {
    it('stores a completed call with its transcript and duration', async () => {
      const owner = await registerUser(api);
      const campaign = await createCampaign(api, owner.accessToken);
      const call = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        agentId: owner.userId,
        startedAt: '2026-03-02T10:00:00.000Z',
        endedAt: '2026-03-02T10:05:00.000Z',
        recordingUrl: 'https://recordings.example.test/r1.mp3',
      });
      expect(call).toMatchObject({
        status: 'COMPLETED',
        direction: 'INBOUND',
        durationSec: 300,
        agent: { id: owner.userId },
        campaign: { id: campaign.id },
        recordingUrl: 'https://recordings.example.test/r1.mp3',
        scoreStatus: 'QUEUED',
      });
      expect(call.transcript).toHaveLength(sampleTranscript().length);
      const { call: read } = await gqlOk(api, CALL, { id: call.id }, owner.accessToken);
      expect(read.transcript[0].text).toBe('Hello, thank you for calling Acme, this is Dana.');
    });

    it('is idempotent on externalId', async () => {
      const owner = await registerUser(api);
      const first = await importCall(api, owner.accessToken, { externalId: 'crm-42' });
      const second = await importCall(api, owner.accessToken, {
        externalId: 'crm-42',
        from: '+10000000000',
      });
      expect(second.id).toBe(first.id);
      expect(second.from).toBe(first.from);
      const { calls } = await gqlOk(api, CALLS, {}, owner.accessToken);
      expect(calls.totalCount).toBe(1);
      // Another organization may use the same external id.
      const other = await registerUser(api);
      const theirs = await importCall(api, other.accessToken, { externalId: 'crm-42' });
      expect(theirs.id).not.toBe(first.id);
    });

    it('refuses transcripts out of order, overlapping for one speaker or ending before they start', async () => {
      const owner = await registerUser(api);
      const error = await gqlError(
        api,
        IMPORT_CALL,
        {
          input: {
            direction: 'OUTBOUND',
            from: '+14155550100',
            to: '+14155550111',
            transcript: [
              { speaker: 'AGENT', text: 'Hello', startSec: 0, endSec: 5 },
              { speaker: 'AGENT', text: 'Overlap', startSec: 4, endSec: 6 },
              { speaker: 'CUSTOMER', text: 'Backwards', startSec: 8, endSec: 7 },
              { speaker: 'CUSTOMER', text: 'Earlier', startSec: 2, endSec: 3 },
            ],
          },
        },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      const paths = (error.extensions.fields as Array<{ path: string }>).map((field) => field.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'input.transcript.1.startSec',
          'input.transcript.2.endSec',
          'input.transcript.3.startSec',
        ]),
      );
      // Customer talking over the agent is fine (an interruption, not an error).
      await importCall(api, owner.accessToken, {
        transcript: [
          { speaker: 'AGENT', text: 'Let me explain', startSec: 0, endSec: 5 },
          { speaker: 'CUSTOMER', text: 'Wait', startSec: 3, endSec: 4 },
        ],
      });
      const { calls } = await gqlOk(api, CALLS, {}, owner.accessToken);
      expect(calls.totalCount).toBe(1);
    });

    it("refuses another organization's campaign or agent as bad input", async () => {
      const owner = await registerUser(api);
      const stranger = await registerUser(api);
      const theirs = await createCampaign(api, stranger.accessToken);
      const error = await gqlError(
        api,
        IMPORT_CALL,
        {
          input: {
            direction: 'INBOUND',
            from: '+1',
            to: '+2',
            transcript: [],
            campaignId: theirs.id,
            agentId: stranger.userId,
          },
        },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      const paths = (error.extensions.fields as Array<{ path: string }>).map((field) => field.path);
      expect(paths).toEqual(expect.arrayContaining(['input.campaignId', 'input.agentId']));
    });

    it('refuses a VIEWER', async () => {
      const owner = await registerUser(api);
      const viewer = await addMemberWithRole(api, owner, 'VIEWER');
      const error = await gqlError(
        api,
        IMPORT_CALL,
        { input: { direction: 'INBOUND', from: '+1', to: '+2', transcript: [] } },
        viewer.accessToken,
      );
      expect(error.code).toBe('FORBIDDEN');
    });
  });

  describe('calls', () => {
    it('filters by campaign, agent, status, score status and time, and pages', async () => {
      const owner = await registerUser(api);
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const campaign = await createCampaign(api, owner.accessToken);
      const inCampaign = await importCall(api, owner.accessToken, {
        campaignId: campaign.id,
        agentId: agent.userId,
        startedAt: '2026-01-10T09:00:00.000Z',
      });
      const loose = await importCall(api, owner.accessToken, {
        startedAt: '2026-02-10T09:00:00.000Z',
      });
      const list = async (filter: Record<string, unknown>) =>
        (await gqlOk(api, CALLS, { filter }, owner.accessToken)).calls.nodes.map(
          (n: { id: string }) => n.id,
        );
      expect(await list({ campaignId: campaign.id })).toEqual([inCampaign.id]);
      expect(await list({ agentId: agent.userId })).toEqual([inCampaign.id]);
      expect(await list({ scoreStatus: ['NOT_SCORED'] })).toEqual([loose.id]);
      expect(await list({ scoreStatus: ['QUEUED'] })).toEqual([inCampaign.id]);
      expect(await list({ status: ['COMPLETED'] })).toEqual([loose.id, inCampaign.id]);
      expect(await list({ status: ['RINGING'] })).toEqual([]);
      expect(await list({ from: '2026-02-01T00:00:00.000Z' })).toEqual([loose.id]);
      expect(await list({ to: '2026-02-01T00:00:00.000Z' })).toEqual([inCampaign.id]);
      expect(await list({ minScore: 0 })).toEqual([]);
      const page = await gqlOk(api, CALLS, { first: 1 }, owner.accessToken);
      expect(page.calls.pageInfo.hasNextPage).toBe(true);
      const next = await gqlOk(
        api,
        CALLS,
        { first: 1, after: page.calls.pageInfo.endCursor },
        owner.accessToken,
      );
      expect(next.calls.nodes.map((n: { id: string }) => n.id)).toEqual([inCampaign.id]);
      const bad = await gqlError(api, CALLS, { filter: { minScore: 101 } }, owner.accessToken);
      expect(bad.code).toBe('BAD_USER_INPUT');
    });

    it('loads a page of calls with agent, campaign and scorecard in four statements', async () => {
      const owner = await registerUser(api);
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const campaigns = [
        await createCampaign(api, owner.accessToken),
        await createCampaign(api, owner.accessToken),
      ];
      for (let i = 0; i < 20; i += 1) {
        await importCall(api, owner.accessToken, {
          campaignId: campaigns[i % 2].id,
          agentId: i % 3 === 0 ? agent.userId : owner.userId,
        });
      }
      let data: any;
      const statements = await recordStatements(api.dataSource, async () => {
        data = await gqlOk(
          api,
          '{ calls(first: 20) { nodes { id agent { name } campaign { name scorecard { version } } score { overall } } } }',
          undefined,
          owner.accessToken,
        );
      });
      expect(data.calls.nodes).toHaveLength(20);
      const resolvers = statements.filter(
        (sql) =>
          !/\b(session|api_key)\b/.test(sql) &&
          !/outbox_event|^(START TRANSACTION|COMMIT|ROLLBACK)$/.test(sql.trim()),
      );
      // page + users + campaigns + scorecards (no call is scored yet, so no score lookup).
      expect(resolvers).toHaveLength(4);
      // The page reads the columns it shows and the keys its resolvers read,
      // not every call's transcript and status timeline.
      expect(resolvers[0]).toMatch(/FROM "call"/);
      for (const column of ['id', 'agent_id', 'campaign_id', 'score_id']) {
        expect(resolvers[0]).toContain(`"call"."${column}"`);
      }
      expect(resolvers[0]).not.toMatch(/"call"\."(transcript|status_timeline|recording_url)"/);
    });

    it("answers null for another organization's call", async () => {
      const owner = await registerUser(api);
      const stranger = await registerUser(api);
      const call = await importCall(api, owner.accessToken);
      const { call: read } = await gqlOk(api, CALL, { id: call.id }, stranger.accessToken);
      expect(read).toBeNull();
      const { call: malformed } = await gqlOk(api, CALL, { id: 'not-a-uuid' }, owner.accessToken);
      expect(malformed).toBeNull();
    });
  });
});
