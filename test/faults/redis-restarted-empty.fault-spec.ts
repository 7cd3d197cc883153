import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import {
  callScores,
  HeldAnthropic,
  importCalls,
  schedulerKeys,
  tally,
  tenant,
} from './harness/scoring';

/** Calls imported (the run: 300); FAULTS_CALLS scales it down on a slow machine. */
const CALLS = Number(process.env.FAULTS_CALLS ?? 300);

/**
 * The run from issue 16: calls imported for scoring while the model is slow,
 * the worker SIGKILLed and started again, then Redis restarted empty
 * (`SHUTDOWN NOSAVE`, no persistence). Every call ends scored exactly once,
 * and the repeatable schedules come back, without restarting any process.
 */
describe(`fault: ${CALLS} calls, worker SIGKILLed, then Redis restarted empty`, () => {
  let world: FaultEnvironment;
  const anthropic = new HeldAnthropic();

  beforeAll(async () => {
    await anthropic.start(CALLS * 20);
    world = await FaultEnvironment.start({ env: anthropic.env() });
  });
  afterAll(async () => {
    await world?.close();
    await anthropic.stop();
  });

  it('scores every call exactly once and brings the schedules back', async () => {
    const { owner, campaignId } = await tenant(world.api);
    const callIds = await importCalls(world.api, owner.accessToken, campaignId, CALLS);
    expect(new Set(callIds).size).toBe(CALLS);

    // Everything is in Redis (the outbox relayed it) and the worker is busy on the held model.
    await waitFor(
      async () => {
        const [{ pending }] = await world.query<{ pending: number }>(
          `SELECT COUNT(*)::int AS pending FROM outbox_event WHERE published_at IS NULL`,
        );
        return pending === 0 && anthropic.requests > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the outbox to be relayed and scoring to start' },
    );
    const schedules = await schedulerKeys(world);
    expect(schedules.length).toBeGreaterThan(0);

    await world.worker.kill();
    await world.worker.start();
    const before = anthropic.requests;
    await waitFor(() => (anthropic.requests > before ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the restarted worker to take jobs',
    });

    // A key of the test's own proves the restart lost everything. The schedules cannot:
    // the worker puts them back as soon as it reconnects, which may be before any check.
    const marker = world.redis.client();
    await marker.set(`${world.bullPrefix}:fault-marker`, 'before the restart');
    marker.disconnect();
    await world.redis.shutdownNosave();
    await sleep(2000);
    await world.redis.start();
    const check = world.redis.client();
    try {
      expect(await check.exists(`${world.bullPrefix}:fault-marker`)).toBe(0);
    } finally {
      check.disconnect();
    }
    anthropic.release();

    const describeState = async (): Promise<string> => {
      const rows = await callScores(world, callIds);
      const jobs = await world.query(
        `SELECT status, COUNT(*)::int AS n FROM scoring_job GROUP BY status`,
      );
      return `calls ${JSON.stringify(tally(rows, 'score_status'))}, scores per call ${JSON.stringify(
        tally(rows, 'scores'),
      )}, scoring jobs ${JSON.stringify(jobs)}, schedules now ${JSON.stringify(
        await schedulerKeys(world).catch(() => []),
      )} (before: ${JSON.stringify(schedules)})`;
    };

    await waitFor(
      async () => {
        const rows = await callScores(world, callIds);
        return rows.every((row) => row.score_status === 'SCORED') ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2000, what: `all ${CALLS} calls to be SCORED` },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${await describeState()}`);
    });
    const rows = await callScores(world, callIds);
    expect(tally(rows, 'scores')).toEqual({ 1: CALLS });

    await waitFor(
      async () => {
        const now = await schedulerKeys(world);
        return schedules.every((key) => now.includes(key)) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the repeatable schedules to be back' },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${await describeState()}`);
    });
    // Nothing restarted after Redis came back.
    expect(world.worker.starts).toBe(2);
    expect(world.api.starts).toBe(1);
  });
});
