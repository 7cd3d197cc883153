import { INestApplicationContext } from '@nestjs/common';
import { CALL, createCampaign, importCall } from '../factories/calls.factory';
import { CONNECT_SAMSARA, FLEET_INTEGRATIONS } from '../factories/fleet.factory';
import { Account, gqlOk, registerUser, suffix } from '../factories/identity.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { FakeSamsara, FakeVehicleLocations } from '../fakes/samsara.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

/** Longest a provider request may take in this spec (ANTHROPIC_TIMEOUT_MS, SAMSARA_TIMEOUT_MS). */
const PROVIDER_TIMEOUT_MS = 6000;
/** call-scoring slots of the worker; its default per-organization limit is 3 of them. */
const SCORING_SLOTS = 4;
const ORG_LIMIT = 3;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Timeouts and fairness: one organization's provider accepts connections
 * and never answers. Its jobs hold at most its share of the worker's slots,
 * time out after the configured timeout and are retried; another
 * organization's jobs finish meanwhile, before the hung ones even time out.
 */
describe('timeouts and per-organization fairness', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  let anthropic: FakeAnthropic;
  let samsara: FakeSamsara;

  beforeAll(async () => {
    anthropic = await new FakeAnthropic().start();
    samsara = await new FakeSamsara().start();
    const env = {
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
      SAMSARA_API_BASE_URL: samsara.url,
      SAMSARA_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
      SAMSARA_POLL_INTERVAL_MS: '5000',
      CALL_SCORING_CONCURRENCY: String(SCORING_SLOTS),
      CALL_SCORING_MAX_ATTEMPTS: '5',
      WORKER_CONCURRENCY_FLEET_POLLING: '2',
      ORG_JOB_DEFER_MS: '200',
    };
    api = await startApi({ env });
    worker = await startWorker({ env });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await Promise.all([anthropic?.stop(), samsara?.stop()]);
  });

  async function scoreStatuses(owner: Account, callIds: string[]): Promise<string[]> {
    return Promise.all(
      callIds.map(
        async (id) => (await gqlOk(api, CALL, { id }, owner.accessToken)).call.scoreStatus,
      ),
    );
  }

  const jobErrors = (organizationId: string): Promise<Array<{ error: string | null }>> =>
    api.dataSource.query('SELECT error FROM scoring_job WHERE organization_id = $1', [
      organizationId,
    ]);

  it("scoring: a tenant whose Claude hangs holds only its share; the others' calls are scored meanwhile", async () => {
    const marker = `hang-${suffix()}`;
    anthropic.hangWhen(marker);
    const stalled = await registerUser(api);
    const stalledCampaign = await createCampaign(api, stalled.accessToken, {
      script: `Greet the customer. ${marker}`,
    });
    const stalledCalls: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      stalledCalls.push(
        (await importCall(api, stalled.accessToken, { campaignId: stalledCampaign.id })).id,
      );
    }
    await eventually(() => (anthropic.openHung >= ORG_LIMIT ? true : undefined), {
      what: "the stalled organization's requests to hang",
    });
    // Its other jobs were moved back to the queue, not sent: it holds its share, no more.
    await settle(1000);
    expect(anthropic.openHung).toBe(ORG_LIMIT);
    expect(anthropic.hung).toHaveLength(ORG_LIMIT);

    const other = await registerUser(api);
    const otherCampaign = await createCampaign(api, other.accessToken, {
      script: 'Greet, apologise, fix.',
    });
    const otherCalls: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      otherCalls.push(
        (await importCall(api, other.accessToken, { campaignId: otherCampaign.id })).id,
      );
    }
    await eventually(
      async () =>
        (await scoreStatuses(other, otherCalls)).every((status) => status === 'SCORED')
          ? true
          : undefined,
      { timeoutMs: 20_000, what: "the other organization's calls to be scored" },
    );
    // Scored before any hung request timed out: no stalled job has failed an attempt yet.
    expect((await jobErrors(stalled.organizationId)).map((job) => job.error)).toEqual(
      Array(5).fill(null),
    );

    // The hung requests time out; the jobs record the attempt and are retried, not failed.
    await eventually(
      async () => {
        const errors = (await jobErrors(stalled.organizationId)).filter((job) => job.error);
        return errors.length >= ORG_LIMIT ? errors : undefined;
      },
      { timeoutMs: PROVIDER_TIMEOUT_MS + 10_000, what: 'the hung attempts to time out' },
    ).then((errors) => {
      for (const { error } of errors)
        expect(error).toMatch(/Attempt \d failed, retrying: .*timed out/i);
    });
    expect(await scoreStatuses(stalled, stalledCalls)).not.toContain('FAILED');

    // Claude answers again: every retried job is scored, exactly once.
    anthropic.answerAll();
    await eventually(
      async () =>
        (await scoreStatuses(stalled, stalledCalls)).every((status) => status === 'SCORED')
          ? true
          : undefined,
      { timeoutMs: 45_000, what: "the stalled organization's calls to be scored on retry" },
    );
    const [{ scores }] = await api.dataSource.query(
      'SELECT count(*)::int AS scores FROM call_score WHERE organization_id = $1',
      [stalled.organizationId],
    );
    expect(scores).toBe(5);
    expect(anthropic.maxOpenHung).toBeLessThanOrEqual(ORG_LIMIT);
  });

  function feedPage(vehicleId: string): FakeVehicleLocations[] {
    const start = Date.now() - 60_000;
    return [
      {
        id: vehicleId,
        name: `Truck ${vehicleId}`,
        locations: Array.from({ length: 3 }, (_, i) => ({
          time: new Date(start + i * 1000).toISOString(),
          latitude: 37.7,
          longitude: -122.4 + i * 0.0001,
          speed: 20,
          heading: 90,
        })),
      },
    ];
  }

  const positionCount = async (organizationId: string): Promise<number> => {
    const [{ count }] = await api.dataSource.query(
      'SELECT count(*)::int AS count FROM vehicle_position WHERE organization_id = $1',
      [organizationId],
    );
    return count;
  };

  const lastErrorOf = async (owner: Account): Promise<string | null> => {
    const { fleetIntegrations } = await gqlOk(api, FLEET_INTEGRATIONS, {}, owner.accessToken);
    return fleetIntegrations[0].lastError;
  };

  it("Samsara: a hung feed times out and is polled again; another tenant's feed is read meanwhile", async () => {
    const stalled = await registerUser(api);
    const stalledToken = `samsara-${suffix()}`;
    samsara.setFeed(stalledToken, [feedPage(`28${suffix()}`)]);
    samsara.hang(stalledToken);
    await gqlOk(api, CONNECT_SAMSARA, { apiToken: stalledToken }, stalled.accessToken);
    await eventually(() => (samsara.requestsFor(stalledToken).length > 0 ? true : undefined), {
      what: 'the hung feed request',
    });

    const other = await registerUser(api);
    const otherToken = `samsara-${suffix()}`;
    samsara.setFeed(otherToken, [feedPage(`29${suffix()}`)]);
    await gqlOk(api, CONNECT_SAMSARA, { apiToken: otherToken }, other.accessToken);
    await eventually(
      async () => ((await positionCount(other.organizationId)) === 3 ? true : undefined),
      { timeoutMs: 20_000, what: "the other organization's positions" },
    );
    // Read while the hung request was still waiting for its timeout.
    expect(await lastErrorOf(stalled)).toBeNull();
    expect(samsara.requestsFor(stalledToken).map((request) => request.status)).toEqual([0]);

    const lastError = await eventually(async () => (await lastErrorOf(stalled)) ?? undefined, {
      timeoutMs: PROVIDER_TIMEOUT_MS + 10_000,
      what: 'the hung poll to time out',
    });
    expect(lastError).toMatch(/Samsara unreachable/);

    // The feed answers again: a later poll (after the back-off) reads it.
    samsara.answer(stalledToken);
    await eventually(
      async () => ((await positionCount(stalled.organizationId)) === 3 ? true : undefined),
      { timeoutMs: 40_000, what: 'the stalled organization to be polled again' },
    );
  });
});
