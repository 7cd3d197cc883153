import { importCall } from '../factories/calls.factory';
import { suffix } from '../factories/identity.factory';
import { FakeGoogle } from '../fakes/google.fake';
import { FakeSamsara } from '../fakes/samsara.fake';
import { connectGoogle, connectSamsara, feedPages } from './harness/connections';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import { callScores, tally, tenant } from './harness/scoring';

/** Calls imported (the issue: 1,000); FAULTS_IMPORTS scales it down. */
const IMPORTS = Number(process.env.FAULTS_IMPORTS ?? 1000);
const POLL_MS = 5000;
const SYNC_MS = 60_000;

/**
 * Scenario (b): Redis receives `SHUTDOWN NOSAVE` in the middle of 1,000 call
 * imports, with a Samsara and a Google calendar connection configured, and is
 * started again empty on the same port. Every call is scored, and Samsara
 * polls and calendar syncs resume within two of their intervals, with no
 * process restarted.
 */
describe(`fault (b): Redis SHUTDOWN NOSAVE during ${IMPORTS} call imports`, () => {
  let world: FaultEnvironment;
  const samsara = new FakeSamsara();
  const google = new FakeGoogle();

  beforeAll(async () => {
    await samsara.start();
    await google.start();
    world = await FaultEnvironment.start({
      env: {
        ...google.env(),
        SAMSARA_API_BASE_URL: samsara.url,
        SAMSARA_POLL_INTERVAL_MS: String(POLL_MS),
        CALENDAR_SYNC_INTERVAL_MINUTES: String(SYNC_MS / 60_000),
      },
    });
  });
  afterAll(async () => {
    await world?.close();
    await samsara.stop();
    await google.stop();
  });

  const callIds: string[] = [];
  const failures: string[] = [];
  /** Milliseconds from Redis's return to the first Samsara poll and calendar sync after it (Infinity: none seen). */
  let resumed: Promise<{ pollMs: number; syncMs: number }>;

  it('commits every import while Redis goes away and comes back empty', async () => {
    const { owner, campaignId } = await tenant(world.api);
    const token = `samsara-${suffix()}`;
    samsara.setFeed(token, feedPages(1, 3));
    await connectSamsara(world.api, owner, token);
    const connectionId = await connectGoogle(world.api, owner, google);
    const integration = async (): Promise<{ polled: number; synced: number }> => {
      const [row] = await world.query<{ polled: Date | null; synced: Date | null }>(
        `SELECT (SELECT last_polled_at FROM fleet_integration WHERE organization_id = $1) AS polled,
                (SELECT last_synced_at FROM calendar_connection WHERE id = $2) AS synced`,
        [owner.organizationId, connectionId],
      );
      return { polled: row.polled?.getTime() ?? 0, synced: row.synced?.getTime() ?? 0 };
    };
    await waitFor(
      async () => {
        const seen = await integration();
        return seen.polled > 0 && seen.synced > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'a first Samsara poll and calendar sync' },
    );

    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < IMPORTS) {
        next += 1;
        try {
          callIds.push(
            (await importCall(world.api, owner.accessToken, { campaignId })).id as string,
          );
        } catch (error) {
          failures.push((error as Error).message.slice(0, 300));
        }
      }
    };
    const imports = Promise.all(Array.from({ length: 8 }, lane));
    await waitFor(() => (callIds.length >= IMPORTS / 3 ? true : undefined), {
      timeoutMs: 120_000,
      what: 'a third of the imports',
    });
    await world.redis.shutdownNosave();
    await sleep(3000);
    await world.redis.start();
    const back = Date.now();
    resumed = (async () => {
      let pollMs = Infinity;
      let syncMs = Infinity;
      while (
        Date.now() - back < 2 * SYNC_MS + 5000 &&
        (pollMs === Infinity || syncMs === Infinity)
      ) {
        const seen = await integration().catch(() => ({ polled: 0, synced: 0 }));
        if (pollMs === Infinity && seen.polled > back) pollMs = seen.polled - back;
        if (syncMs === Infinity && seen.synced > back) syncMs = seen.synced - back;
        await sleep(500);
      }
      return { pollMs, syncMs };
    })();
    await imports;
    expect(failures).toEqual([]);
    expect(callIds).toHaveLength(IMPORTS);
  });

  it('scores every call exactly once', async () => {
    expect(callIds.length).toBeGreaterThan(0);
    await waitFor(
      async () => {
        const rows = await callScores(world, callIds);
        return rows.every((row) => row.score_status === 'SCORED') ? true : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2000, what: `all ${callIds.length} calls to be SCORED` },
    ).catch(async (error: Error) => {
      const rows = await callScores(world, callIds);
      throw new Error(`${error.message}: ${JSON.stringify(tally(rows, 'score_status'))}`);
    });
    expect(tally(await callScores(world, callIds), 'scores')).toEqual({ 1: callIds.length });
  });

  it('resumes Samsara polls and calendar syncs within two intervals, nothing restarted', async () => {
    const { pollMs, syncMs } = await resumed;
    expect(pollMs).toBeLessThanOrEqual(2 * POLL_MS + 1000);
    expect(syncMs).toBeLessThanOrEqual(2 * SYNC_MS + 1000);
    expect(world.api.starts + world.worker.starts).toBe(2);
  });
});
