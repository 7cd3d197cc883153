import { importCall, sampleTranscript } from '../factories/calls.factory';
import { suffix } from '../factories/identity.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { FakeSamsara } from '../fakes/samsara.fake';
import { connectSamsara, feedPages } from './harness/connections';
import { FaultEnvironment } from './harness/fault-environment';
import { HangingProxy, HungRequest } from './harness/hanging-proxy';
import { waitFor } from './harness/ports';
import { stalledSubscriber } from './harness/stalled-reader';
import { callScores, importCalls, tally, tenant } from './harness/scoring';

/** Calls the healthy tenant imports during the run; FAULTS_HUNG_CALLS scales it. */
const CALLS = Number(process.env.FAULTS_HUNG_CALLS ?? 200);
const RETRY_WITHIN_MS = 30_000;
const MARK = 'zq-hang-this-tenant';
const CALL_UPDATED = `subscription ($campaignId: ID) { callUpdated(campaignId: $campaignId) { id status scoreStatus } }`;

/**
 * Scenario (e): one tenant's providers accept connections and never answer
 * (its Samsara token, its calls' Claude requests), and one WebSocket client
 * stops reading. Each hung request times out and its job retries within
 * 30 s; the other tenant's scoring and polling finish; the api's memory grows
 * less than 10 % over the run (what it holds after a full garbage collection).
 */
describe('fault (e): providers that never answer and a WebSocket client that stops reading', () => {
  let world: FaultEnvironment;
  const anthropic = new FakeAnthropic();
  const samsara = new FakeSamsara();
  const hungToken = `samsara-hung-${suffix()}`;
  const hangingAnthropic = new HangingProxy(
    () => anthropic.url,
    (_request, body) => body.includes(MARK),
  );
  const hangingSamsara = new HangingProxy(
    () => samsara.url,
    (request) => request.headers.authorization === `Bearer ${hungToken}`,
  );

  beforeAll(async () => {
    await Promise.all([anthropic.start(), samsara.start()]);
    await Promise.all([hangingAnthropic.start(), hangingSamsara.start()]);
    world = await FaultEnvironment.start({
      env: {
        ANTHROPIC_API_KEY: 'sk-ant-fault-suite',
        ANTHROPIC_BASE_URL: hangingAnthropic.url,
        SAMSARA_API_BASE_URL: hangingSamsara.url,
        SAMSARA_POLL_INTERVAL_MS: '5000',
      },
      inspectApis: true,
    });
  });
  afterAll(async () => {
    await world?.close();
    await Promise.all([hangingAnthropic.stop(), hangingSamsara.stop()]);
    await Promise.all([anthropic.stop(), samsara.stop()]);
  });

  /** The first hung request timed out (closed by the client) and another came within 30 s. */
  function timedOutAndRetried(
    hung: HungRequest[],
  ): { timeoutMs: number; retryAfterMs: number } | undefined {
    const [first, second] = hung;
    if (!first?.closedAt || !second) return undefined;
    return {
      timeoutMs: first.closedAt - first.openedAt,
      retryAfterMs: second.openedAt - first.openedAt,
    };
  }

  type Memory = Awaited<ReturnType<FaultEnvironment['api']['retainedMemory']>>;
  interface Observed {
    timeoutMs: number;
    retryAfterMs: number;
  }
  let results: {
    scoring: Observed;
    polling: Observed;
    stuckScores: number;
    baseline: Memory;
    end: Memory;
  };

  it("finishes the other tenant's scoring and polling while one tenant's providers hang", async () => {
    const stuck = await tenant(world.api);
    const healthy = await tenant(world.api);
    const healthyToken = `samsara-ok-${suffix()}`;
    const pages = feedPages(3, 5);
    samsara.setFeed(healthyToken, pages);
    const socket = await stalledSubscriber(
      world.api.wsUrl,
      healthy.owner.accessToken,
      CALL_UPDATED,
      {
        campaignId: healthy.campaignId,
      },
    );
    try {
      // Warm-up, then the baseline.
      const warm = await importCalls(world.api, healthy.owner.accessToken, healthy.campaignId, 20);
      await waitFor(
        async () =>
          (await callScores(world, warm)).every((row) => row.score_status === 'SCORED')
            ? true
            : undefined,
        { timeoutMs: 60_000, what: 'the warm-up calls to be scored' },
      );
      const baseline = await world.api.retainedMemory();

      const transcript = sampleTranscript();
      transcript[0] = { ...transcript[0], text: `${String(transcript[0].text)} ${MARK}` };
      const stuckCall = await importCall(world.api, stuck.owner.accessToken, {
        campaignId: stuck.campaignId,
        transcript,
      });
      await connectSamsara(world.api, stuck.owner, hungToken);
      await connectSamsara(world.api, healthy.owner, healthyToken);
      const started = Date.now();
      const callIds = await importCalls(
        world.api,
        healthy.owner.accessToken,
        healthy.campaignId,
        CALLS,
      );

      // The other tenant finishes while the stuck one's requests hang.
      await waitFor(
        async () =>
          (await callScores(world, callIds)).every((row) => row.score_status === 'SCORED')
            ? true
            : undefined,
        { timeoutMs: 120_000, intervalMs: 1000, what: "the healthy tenant's calls to be scored" },
      ).catch(async (error: Error) => {
        throw new Error(
          `${error.message}: ${JSON.stringify(tally(await callScores(world, callIds), 'score_status'))}`,
        );
      });
      const expectedPositions = pages.length * 2 * 5;
      await waitFor(
        async () => {
          const [{ n }] = await world.query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM vehicle_position WHERE organization_id = $1`,
            [healthy.owner.organizationId],
          );
          return n === expectedPositions ? true : undefined;
        },
        { timeoutMs: 60_000, what: "the healthy tenant's Samsara positions" },
      );
      expect(Date.now() - started).toBeLessThan(180_000);

      // Each hung job timed out and was retried within 30 s.
      const observe = (hung: HungRequest[], what: string) =>
        waitFor(() => timedOutAndRetried(hung), {
          timeoutMs: 2 * RETRY_WITHIN_MS + 15_000,
          what,
        }).catch(() => ({ timeoutMs: Infinity, retryAfterMs: Infinity, seen: hung.length }));
      const scoring = await observe(
        hangingAnthropic.hung,
        'the hung Claude request to time out and retry',
      );
      const polling = await observe(
        hangingSamsara.hung,
        'the hung Samsara poll to time out and retry',
      );
      results = {
        scoring,
        polling,
        stuckScores: 0,
        baseline,
        end: await world.api.retainedMemory(),
      };
      results.stuckScores = (await callScores(world, [stuckCall.id as string]))[0].scores;
    } finally {
      socket.terminate();
    }
  });

  it('times out a Claude request that never answers and retries the job within 30 s', () => {
    expect(results.scoring.timeoutMs).toBeLessThanOrEqual(RETRY_WITHIN_MS);
    expect(results.scoring.retryAfterMs).toBeLessThanOrEqual(RETRY_WITHIN_MS);
    expect(results.stuckScores).toBe(0);
  });

  it('times out a Samsara poll that never answers and retries within 30 s', () => {
    expect(results.polling.timeoutMs).toBeLessThanOrEqual(RETRY_WITHIN_MS);
    expect(results.polling.retryAfterMs).toBeLessThanOrEqual(RETRY_WITHIN_MS);
  });

  it('keeps the api memory within 10 % of its baseline', () => {
    // What the api still holds after a full collection (heap and Buffers),
    // not RSS: V8 collects lazily and keeps the pages it grew into.
    const held = ({ heapUsed, external }: Memory) => heapUsed + external;
    const growth = (held(results.end) - held(results.baseline)) / held(results.baseline);
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `api memory after a full GC: ${mb(held(results.baseline))} after the warm-up, ` +
        `${mb(held(results.end))} at the end (${(growth * 100).toFixed(1)} %); ` +
        `RSS ${mb(results.baseline.rss)} then ${mb(results.end.rss)}`,
    );
    expect(growth).toBeLessThan(0.1);
  });
});
