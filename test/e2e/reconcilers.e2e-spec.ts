import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { ScoringReconciler } from '@/modules/calls/scoring/scoring-reconciler.service';
import { createCampaign, importCall } from '../factories/calls.factory';
import {
  createVehicle,
  drive,
  recordPositions,
  UPDATE_FLEET_SETTINGS,
} from '../factories/fleet.factory';
import { gqlOk, registerUser, suffix } from '../factories/identity.factory';
import { FakeAnthropic } from '../fakes/anthropic.fake';
import { FakeSlack } from '../fakes/slack.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

const NO_PROVIDER = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };
/** Reconcilers look at work at once (no grace period), so a test need not wait two minutes. */
const RECONCILE_NOW = { RECONCILE_GRACE_MS: '0' };

interface JobRow {
  call_id: string;
  status: string;
  message_id: string;
  requeues: number;
  error: string | null;
  score_status: string;
  scores: number;
}

describe('reconcilers', () => {
  let api: TestApp;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    api = await startApi({ env: { ...NO_PROVIDER, ...RECONCILE_NOW } });
  });
  afterAll(async () => {
    await api.close();
    await slack.stop();
  });

  const queue = (name: QueueName): Queue => api.app.get(QueueRegistry).get(name);

  /** Runs one maintenance job now and returns what it returned. */
  async function runMaintenance(name: string): Promise<unknown> {
    const job = await queue(QueueName.Maintenance).add(name, {});
    return eventually(
      async () => {
        const state = await job.getState();
        if (state === 'failed') throw new Error(`${name} failed`);
        return state === 'completed'
          ? (await Job.fromId(queue(QueueName.Maintenance), job.id!))!.returnvalue
          : undefined;
      },
      { what: `the ${name} job` },
    );
  }

  /** Each call's scoring job, its call's score status and how many scores the call has. */
  async function jobsOf(callIds: string[]): Promise<JobRow[]> {
    return api.dataSource.query(
      `SELECT j.call_id, j.status, j.message_id, j.requeues, j.error, c.score_status,
              (SELECT COUNT(*)::int FROM call_score s WHERE s.call_id = j.call_id) AS scores
         FROM scoring_job j JOIN call c ON c.id = j.call_id
        WHERE j.call_id = ANY($1) ORDER BY array_position($1, j.call_id)`,
      [callIds],
    );
  }

  /** Imports `count` calls into a new organization's campaign; returns their ids. */
  async function importCalls(count: number): Promise<string[]> {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      ids.push((await importCall(api, owner.accessToken, { campaignId: campaign.id })).id);
    }
    return ids;
  }

  /** Imports `count` calls (no worker runs) and waits until their messages are in the queue. */
  async function queuedCalls(count: number): Promise<JobRow[]> {
    const ids = await importCalls(count);
    const scoring = queue(QueueName.CallScoring);
    return eventually(
      async () => {
        const rows = await jobsOf(ids);
        const states = await Promise.all(rows.map((row) => scoring.getJobState(row.message_id)));
        // An imported call's message waits behind live calls' (prioritized).
        return rows.length === count && states.every((state) => state === 'prioritized')
          ? rows
          : undefined;
      },
      { what: 'the scoring messages in the queue' },
    );
  }

  describe('scoring', () => {
    const workers: INestApplicationContext[] = [];
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.close()));
    });

    it('leaves alone jobs whose message the queue still holds', async () => {
      const scoring = queue(QueueName.CallScoring);
      await scoring.pause();
      try {
        const waiting = await queuedCalls(2);
        const worker = await startWorker({ env: { ...NO_PROVIDER, ...RECONCILE_NOW } });
        workers.push(worker);
        const result = await worker.get(ScoringReconciler).reconcile();
        expect(result.checked).toBeGreaterThanOrEqual(2);
        expect(result).toMatchObject({ requeued: 0, failed: 0 });
        const after = await jobsOf(waiting.map((row) => row.call_id));
        expect(after.map((row) => [row.message_id, row.requeues, row.status])).toEqual(
          waiting.map((row) => [row.message_id, 0, 'QUEUED']),
        );
      } finally {
        await scoring.resume();
      }
    });

    it('re-sends jobs whose queue messages vanished, once each, and every call is scored once', async () => {
      const lost = await queuedCalls(4);
      const scoring = queue(QueueName.CallScoring);
      // Redis lost them (restarted empty after the relay had published them).
      for (const row of lost) await (await scoring.getJob(row.message_id))!.remove();
      // And one call gets a second message, as a re-published outbox row
      // would, arriving after the re-sent one: it scores nothing more.
      const [scorecard] = await api.dataSource.query<
        Array<{ scorecardId: string; scorecardVersion: number }>
      >(
        `SELECT scorecard_id AS "scorecardId", scorecard_version AS "scorecardVersion"
           FROM scoring_job WHERE call_id = $1`,
        [lost[0].call_id],
      );
      const duplicate = await scoring.add(
        'score-call',
        { callId: lost[0].call_id, ...scorecard },
        { delay: 3000 },
      );

      const ids = lost.map((row) => row.call_id);
      workers.push(await startWorker({ env: { ...NO_PROVIDER, ...RECONCILE_NOW } }));
      await runMaintenance('reconcile-scoring');
      const done = await eventually(
        async () => {
          const rows = await jobsOf(ids);
          return rows.every((row) => row.score_status === 'SCORED') ? rows : undefined;
        },
        { what: 'every call scored' },
      );
      for (const [index, row] of done.entries()) {
        expect(row).toMatchObject({ status: 'COMPLETED', requeues: 1, scores: 1, error: null });
        expect(row.message_id).not.toBe(lost[index].message_id);
      }
      // Imports, re-sent as they were first sent: background work, behind live calls.
      const resent = await api.dataSource.query<Array<{ background: string | null }>>(
        `SELECT payload->>'background' AS background FROM outbox_event WHERE id = ANY($1)`,
        [done.map((row) => row.message_id)],
      );
      expect(resent.map((row) => row.background)).toEqual(['true', 'true', 'true', 'true']);
      await eventually(
        async () => ((await duplicate.getState()) === 'completed' ? true : undefined),
        { what: 'the duplicate message done' },
      );
      expect((await Job.fromId(scoring, duplicate.id!))!.returnvalue).toEqual({
        status: 'skipped',
      });

      // Again: nothing is lost any more, nothing is sent, nothing scored twice.
      const outboxBefore = await scoringMessages(ids);
      expect(await runMaintenance('reconcile-scoring')).toMatchObject({ requeued: 0, failed: 0 });
      expect(await scoringMessages(ids)).toBe(outboxBefore);
      expect((await jobsOf(ids)).map((row) => row.scores)).toEqual([1, 1, 1, 1]);
    });

    it('ends a job left RUNNING (call SCORING) whose message failed for good FAILED with the reason once its attempts are used up, and scores one that has attempts left', async () => {
      const [spent, fresh] = await queuedCalls(2);
      // Both messages fail for good, e.g. stalled twice (worker killed) or
      // their last failure not recorded while PostgreSQL was down.
      const scoring = queue(QueueName.CallScoring);
      const killer = new Worker(
        QueueName.CallScoring,
        () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')),
        { connection: scoring.opts.connection, prefix: scoring.opts.prefix },
      );
      try {
        await eventually(
          async () => {
            const states = await Promise.all(
              [spent, fresh].map((row) => scoring.getJobState(row.message_id)),
            );
            return states.every((state) => state === 'failed') ? true : undefined;
          },
          { what: 'both messages failed' },
        );
      } finally {
        await killer.close();
      }
      await api.dataSource.query(
        `UPDATE scoring_job SET status = 'RUNNING',
                attempts = CASE WHEN call_id = $1 THEN 15 ELSE 1 END
          WHERE call_id = ANY($2)`,
        [spent.call_id, [spent.call_id, fresh.call_id]],
      );
      await api.dataSource.query(`UPDATE call SET score_status = 'SCORING' WHERE id = ANY($1)`, [
        [spent.call_id, fresh.call_id],
      ]);

      workers.push(await startWorker({ env: { ...NO_PROVIDER, ...RECONCILE_NOW } }));
      await runMaintenance('reconcile-scoring');
      const [failed, rescored] = await eventually(
        async () => {
          const rows = await jobsOf([spent.call_id, fresh.call_id]);
          return rows[0].status === 'FAILED' && rows[1].status === 'COMPLETED' ? rows : undefined;
        },
        { what: 'one job FAILED, the other scored' },
      );
      expect(failed).toMatchObject({ score_status: 'FAILED', scores: 0, requeues: 0 });
      expect(failed.error).toBe(
        'Scoring failed after 15 attempt(s): its queue job failed for good (job stalled more than allowable limit)',
      );
      expect(rescored).toMatchObject({ score_status: 'SCORED', scores: 1, requeues: 1 });
    });
  });

  async function scoringMessages(callIds: string[]): Promise<number> {
    const [{ count }] = await api.dataSource.query<Array<{ count: number }>>(
      `SELECT COUNT(*)::int AS count FROM outbox_event
        WHERE job_name = 'score-call' AND payload->>'callId' = ANY($1)`,
      [callIds],
    );
    return count;
  }

  describe('retry budgets', () => {
    it("waits out Anthropic's Retry-After before retrying a 429, then scores the call once", async () => {
      const fake = await new FakeAnthropic().start();
      const worker = await startWorker({
        env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url },
      });
      try {
        fake.next({ kind: 'status', status: 429, retryAfter: '3' });
        const [callId] = await importCalls(1);
        const done = await eventually(
          async () => {
            const [job] = await jobsOf([callId]);
            return job.score_status === 'SCORED' ? job : undefined;
          },
          { timeoutMs: 20_000, what: 'the call scored after the retry' },
        );
        expect(done).toMatchObject({ status: 'COMPLETED', scores: 1 });
        expect(fake.requests).toHaveLength(2);
        // The budget's own first wait is 1 s: the provider asked for 3.
        expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(3000);
      } finally {
        await worker.close();
        await fake.stop();
      }
    });
  });

  describe('Slack notifications of CRITICAL alerts', () => {
    it('re-sends a vanished slack-alert job once, and never posts an alert twice', async () => {
      const owner = await registerUser(api);
      const hook = `T${suffix()}/B1/secret`;
      await gqlOk(
        api,
        UPDATE_FLEET_SETTINGS,
        {
          input: {
            slackWebhookUrl: `https://hooks.slack.com/services/${hook}`,
            speedingMinSeconds: 10,
          },
        },
        owner.accessToken,
      );
      const vehicle = await createVehicle(api, owner.accessToken, { speedLimitKph: 80 });
      // 12 s at 130 km/h: a CRITICAL SPEEDING alert, its Slack job queued (no worker yet).
      await recordPositions(
        api,
        owner.accessToken,
        drive(vehicle.id, new Date(Date.now() - 60_000), 13, { speedKph: 130 }),
      );
      const notifications = queue(QueueName.Notifications);
      const alert = await eventually(
        async () => {
          const [row] = await api.dataSource.query<
            Array<{ id: string; notification_id: string | null }>
          >(
            `SELECT id, notification_id FROM fleet_alert
              WHERE organization_id = $1 AND severity = 'CRITICAL'`,
            [owner.organizationId],
          );
          return row?.notification_id &&
            (await notifications.getJobState(row.notification_id)) === 'waiting'
            ? row
            : undefined;
        },
        { what: "the alert's Slack job in the queue" },
      );
      // Redis loses it.
      await (await notifications.getJob(alert.notification_id!))!.remove();

      const posts = () => slack.posts.filter((post) => post.path === `/services/${hook}`);
      const worker = await startWorker({
        env: { ...NO_PROVIDER, ...RECONCILE_NOW, SLACK_WEBHOOK_BASE_URL: slack.url },
      });
      try {
        await runMaintenance('reconcile-slack-alerts');
        await eventually(() => (posts().length > 0 ? true : undefined), {
          what: 'the re-sent Slack post',
        });
        const after = await eventually(
          async () => {
            const [row] = await api.dataSource.query<
              Array<{ notification_id: string; notified: boolean; notification_requeues: number }>
            >(
              `SELECT notification_id, notified_at IS NOT NULL AS notified, notification_requeues
                 FROM fleet_alert WHERE id = $1`,
              [alert.id],
            );
            return row.notified ? row : undefined;
          },
          { what: 'the post recorded' },
        );
        expect(after).toMatchObject({ notified: true, notification_requeues: 1 });
        expect(after.notification_id).not.toBe(alert.notification_id);

        // Posted: its job vanishing now (completed jobs age out) re-sends nothing,
        // and a duplicate delivery of the job posts nothing.
        await eventually(
          async () =>
            (await notifications.getJobState(after.notification_id)) === 'completed'
              ? true
              : undefined,
          { what: 'the re-sent job completed' },
        );
        await (await notifications.getJob(after.notification_id))!.remove();
        expect(await runMaintenance('reconcile-slack-alerts')).toMatchObject({ resent: 0 });
        const duplicate = await notifications.add('slack-alert', { alertId: alert.id });
        await eventually(
          async () => ((await duplicate.getState()) === 'completed' ? true : undefined),
          { what: 'the duplicate job completed' },
        );
        expect(posts()).toHaveLength(1);
      } finally {
        await worker.close();
      }
    });
  });
});
