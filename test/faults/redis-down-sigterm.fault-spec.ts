import { importCall } from '../factories/calls.factory';
import { ExitInfo } from './harness/app-process';
import { FaultEnvironment } from './harness/fault-environment';
import { sleep, waitFor } from './harness/ports';
import { callScores, tally, tenant } from './harness/scoring';

/** How long Redis stays down (the issue: 60 s); FAULTS_REDIS_DOWN_MS shortens it. */
const DOWN_MS = Number(process.env.FAULTS_REDIS_DOWN_MS ?? 60_000);
const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Scenario (c): Redis down for a minute while mutations keep coming, then the
 * api gets SIGTERM. Mutations commit (the outbox holds their jobs), no
 * backend sits idle in a transaction for over 5 s, the api exits cleanly
 * within its shutdown timeout, and when Redis returns every job runs once.
 */
describe('fault (c): Redis down 60 s, then SIGTERM to the api', () => {
  let world: FaultEnvironment;

  beforeAll(async () => {
    world = await FaultEnvironment.start({
      env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  const committed: string[] = [];
  const failures: string[] = [];
  /** pid and statement of each backend seen idle in a transaction for over 5 s, with the longest time. */
  const idleInTransaction = new Map<string, number>();
  let exit: ExitInfo;

  it('keeps committing mutations while Redis is down', async () => {
    const { owner, campaignId } = await tenant(world.api);
    await world.redis.shutdownNosave();
    const downSince = Date.now();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await world
          .query<{ pid: number; query: string; seconds: number }>(
            `SELECT pid, left(query, 80) AS query,
                    EXTRACT(EPOCH FROM now() - state_change)::float AS seconds
               FROM pg_stat_activity
              WHERE state = 'idle in transaction' AND now() - state_change > interval '5 seconds'`,
          )
          .catch(() => []);
        for (const row of rows) {
          const key = `pid ${row.pid}: ${row.query.replace(/\s+/g, ' ')}`;
          idleInTransaction.set(
            key,
            Math.max(idleInTransaction.get(key) ?? 0, Math.round(row.seconds)),
          );
        }
        await sleep(1000);
      }
    })();
    try {
      while (Date.now() - downSince < DOWN_MS) {
        const started = Date.now();
        try {
          const call = await importCall(world.api, owner.accessToken, { campaignId });
          committed.push(call.id as string);
        } catch (error) {
          failures.push(
            `${((Date.now() - started) / 1000).toFixed(1)} s: ${(error as Error).message.slice(0, 300)}`,
          );
        }
        await sleep(1000);
      }
      exit = await world.api.signal('SIGTERM', SHUTDOWN_TIMEOUT_MS + 30_000);
    } finally {
      watching = false;
      await watcher;
    }
    expect(failures).toEqual([]);
    expect(committed.length).toBeGreaterThan(0);
    const stored = await world.query(`SELECT id FROM call WHERE id = ANY($1::uuid[])`, [committed]);
    expect(stored).toHaveLength(committed.length);
  });

  it('leaves no backend idle in transaction for over 5 s', () => {
    expect(Object.fromEntries(idleInTransaction)).toEqual({});
  });

  it('exits cleanly on SIGTERM within the shutdown timeout', () => {
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.ms).toBeLessThanOrEqual(SHUTDOWN_TIMEOUT_MS + 1000);
  });

  it('runs every job once when Redis returns', async () => {
    expect(committed.length).toBeGreaterThan(0);
    // Redis back (empty), the api started again.
    await world.redis.start();
    await world.api.start();
    await waitFor(
      async () => {
        const rows = await callScores(world, committed);
        return rows.every((row) => row.score_status === 'SCORED') ? true : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1000,
        what: 'every call imported during the outage to be SCORED',
      },
    ).catch(async (error: Error) => {
      const rows = await callScores(world, committed);
      throw new Error(
        `${error.message}: ${JSON.stringify(tally(rows, 'score_status'))}\n${world.describe()}`,
      );
    });
    expect(tally(await callScores(world, committed), 'scores')).toEqual({ 1: committed.length });
    // Rows the stopped api had claimed are published once their lease (OUTBOX_LEASE_MS, 30 s) runs out.
    await waitFor(
      async () => {
        const [{ unpublished }] = await world.query<{ unpublished: number }>(
          `SELECT COUNT(*)::int AS unpublished FROM outbox_event WHERE published_at IS NULL`,
        );
        return unpublished === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'every outbox row to be published' },
    );
  });
});
