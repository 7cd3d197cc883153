import { suffix } from '../factories/identity.factory';
import { FakeSamsara } from '../fakes/samsara.fake';
import { connect, subscribe } from '../utils/ws-client';
import { connectSamsara, feedPages } from './harness/connections';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import { callScores, HeldAnthropic, importCalls, tally, tenant } from './harness/scoring';

/** How long PostgreSQL stays down (the issue: 45 s); FAULTS_PG_DOWN_MS shortens it. */
const DOWN_MS = Number(process.env.FAULTS_PG_DOWN_MS ?? 45_000);
const CALLS = Number(process.env.FAULTS_PG_CALLS ?? 40);
const PER_PAGE = 5;
const POLL_MS = 5000;

const CALL_SCORED = `subscription ($campaignId: ID) { callScored(campaignId: $campaignId) { id call { id } } }`;

/**
 * Scenario (d): PostgreSQL stopped for 45 s while calls are being scored, a
 * Samsara poll is due and a subscription is open. Readiness answers 503
 * while it is down and 200 again within 15 s of its return; no scoring job
 * ends FAILED because of it; every Samsara position is stored exactly once;
 * the subscription keeps delivering.
 */
describe('fault (d): PostgreSQL restarted for 45 s during scoring, a Samsara poll and a fan-out', () => {
  let world: FaultEnvironment;
  const anthropic = new HeldAnthropic();
  const samsara = new FakeSamsara();

  beforeAll(async () => {
    await anthropic.start();
    await samsara.start();
    world = await FaultEnvironment.start({
      env: {
        ...anthropic.env(),
        SAMSARA_API_BASE_URL: samsara.url,
        SAMSARA_POLL_INTERVAL_MS: String(POLL_MS),
      },
    });
  });
  afterAll(async () => {
    await world?.close();
    await anthropic.stop();
    await samsara.stop();
  });

  it('answers 503 then 200, fails no job for it, loses and doubles no position', async () => {
    const { owner, campaignId } = await tenant(world.api);
    const client = connect(world.api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
    const scoredEvents = subscribe<{ callScored: { call: { id: string } } }>(client, CALL_SCORED, {
      campaignId,
    });
    try {
      const token = `samsara-${suffix()}`;
      const pages = feedPages(6, PER_PAGE);
      samsara.setFeed(token, pages.slice(0, 2));
      await connectSamsara(world.api, owner, token);
      await waitFor(
        async () => {
          const [{ n }] = await world.query<{ n: number }>(
            `SELECT COUNT(*)::int AS n FROM vehicle_position WHERE organization_id = $1`,
            [owner.organizationId],
          );
          return n === 2 * 2 * PER_PAGE ? true : undefined;
        },
        { timeoutMs: 60_000, what: 'the first feed pages to be stored' },
      );

      const callIds = await importCalls(world.api, owner.accessToken, campaignId, CALLS);
      await waitFor(() => (anthropic.requests > 0 ? true : undefined), {
        timeoutMs: 60_000,
        what: 'scoring to reach Anthropic',
      });

      world.postgres.stop('fast');
      const stoppedAt = Date.now();
      // The model answers, and the feed grows, while the database is away.
      anthropic.release();
      samsara.setFeed(token, pages);
      await waitFor(async () => ((await world.api.readiness()) === 503 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'readiness 503 while PostgreSQL is down',
      });
      await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
      await world.postgres.start();
      const back = Date.now();
      await waitFor(async () => ((await world.api.readiness()) === 200 ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 200,
        what: 'readiness 200 within 15 s of PostgreSQL returning',
      });
      expect(Date.now() - back).toBeLessThanOrEqual(15_000);

      await waitFor(
        async () => {
          const rows = await callScores(world, callIds);
          return rows.every((row) => ['SCORED', 'FAILED'].includes(row.score_status))
            ? rows
            : undefined;
        },
        { timeoutMs: 180_000, intervalMs: 1000, what: 'every call to be scored' },
      ).catch(async (error: Error) => {
        const rows = await callScores(world, callIds);
        throw new Error(
          `${error.message}: ${JSON.stringify(tally(rows, 'score_status'))}\n${world.describe()}`,
        );
      });
      const failed = await world.query(
        `SELECT status, error FROM scoring_job WHERE status = 'FAILED' AND call_id = ANY($1::uuid[])`,
        [callIds],
      );
      expect(failed).toEqual([]);
      expect(tally(await callScores(world, callIds), 'scores')).toEqual({ 1: CALLS });

      const expected = pages.length * 2 * PER_PAGE;
      const positions = await waitFor(
        async () => {
          const [row] = await world.query<{ n: number; distinct: number }>(
            `SELECT COUNT(*)::int AS n, COUNT(DISTINCT (vehicle_id, at))::int AS distinct
               FROM vehicle_position WHERE organization_id = $1`,
            [owner.organizationId],
          );
          return row.n >= expected ? row : undefined;
        },
        { timeoutMs: 4 * POLL_MS + 30_000, what: 'the rest of the feed to be stored' },
      );
      expect(positions).toEqual({ n: expected, distinct: expected });

      // The fan-out kept going: a callScored event for calls scored after the restart.
      await waitFor(() => (scoredEvents.received.length > 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: 'callScored events on the open subscription',
      });
      expect(scoredEvents.received.every((result) => !result.errors)).toBe(true);
    } finally {
      scoredEvents.unsubscribe();
      await client.dispose();
    }
  });
});
