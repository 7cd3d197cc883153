import { importCall } from '../factories/calls.factory';
import { FaultEnvironment } from './harness/fault-environment';
import { waitFor } from './harness/ports';
import { callScores, HeldAnthropic, tenant } from './harness/scoring';

/**
 * Scenario (a): the worker is SIGKILLed twice while one Claude scoring job
 * waits on a slow Anthropic. The call ends with exactly one score, or FAILED
 * with a reason on its scoring job; never SCORING or RUNNING for good, never
 * two scores.
 */
describe('fault (a): worker SIGKILLed twice during one Claude scoring job', () => {
  let world: FaultEnvironment;
  const anthropic = new HeldAnthropic();

  beforeAll(async () => {
    await anthropic.start();
    world = await FaultEnvironment.start({ env: anthropic.env() });
  });
  afterAll(async () => {
    await world?.close();
    await anthropic.stop();
  });

  it('ends with exactly one score, or FAILED with a reason', async () => {
    const { owner, campaignId } = await tenant(world.api);
    const call = await importCall(world.api, owner.accessToken, { campaignId });

    for (const round of [1, 2]) {
      // The job is running: its request is waiting at the (slow) model.
      await waitFor(() => (anthropic.requests >= round ? true : undefined), {
        timeoutMs: 150_000,
        what: `attempt ${round} to reach Anthropic`,
      });
      const killed = await world.worker.kill();
      expect(killed.signal).toBe('SIGKILL');
      await world.worker.start();
    }
    anthropic.release();

    const settled = await waitFor(
      async () => {
        const [row] = await callScores(world, [call.id]);
        const [job] = await world.query<{ status: string; error: string | null }>(
          `SELECT status, error FROM scoring_job WHERE call_id = $1 ORDER BY created_at DESC LIMIT 1`,
          [call.id],
        );
        const done =
          (row.score_status === 'SCORED' && job?.status === 'COMPLETED') ||
          (row.score_status === 'FAILED' && job?.status === 'FAILED');
        return done ? { row, job } : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'the call to be SCORED or FAILED' },
    ).catch(async (error: Error) => {
      const [row] = await callScores(world, [call.id]);
      const jobs = await world.query(
        `SELECT status, attempts, error FROM scoring_job WHERE call_id = $1`,
        [call.id],
      );
      throw new Error(
        `${error.message}: call ${JSON.stringify(row)}, jobs ${JSON.stringify(jobs)}\n${world.describe()}`,
      );
    });

    if (settled.row.score_status === 'SCORED') {
      expect(settled.row.scores).toBe(1);
    } else {
      expect(settled.row.scores).toBe(0);
      expect(settled.job.error).toMatch(/\S/);
    }
    // Nothing is left claiming to run.
    const running = await world.query(
      `SELECT id FROM scoring_job WHERE call_id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [call.id],
    );
    expect(running).toEqual([]);
  });
});
