import './production-env';
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { CriterionDefinition } from '@/modules/calls/campaigns/criteria';
import type { Segment } from '@/modules/calls/scoring/call-metrics';
import { scoreWithoutProvider } from '@/modules/calls/scoring/call-scorer';
import { CallScoringProcessor } from '@/modules/calls/jobs/call-scoring.processor';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { createCampaign } from '../test/factories/calls.factory';
import { registerUser } from '../test/factories/identity.factory';
import { startWorker } from '../test/utils/test-app';
import { median, runMain, startBenchApi } from './bench-api';
import { cpuPerJob, CpuPerJob, formatCpu } from './cpu-per-job';
import { FakeTwilio } from '../test/fakes/twilio.fake';
import { latencyPhase, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, twilioEnv } from './scoring-latency';

/**
 * `npm run bench:scoring` — call-scoring throughput. 2,000 queued jobs, each
 * a 5-minute transcript (60 segments) scored against a four-criterion
 * scorecard with the built-in judge (no ANTHROPIC_API_KEY), through the real
 * worker (CallScoringProcessor in a worker context: claim, score, write the
 * score, the job, the call and two outbox events). Baseline: the raw
 * pipeline — a plain BullMQ Worker on the same Redis with the same
 * concurrency and a `pg` pool, whose processor reads the transcript and
 * criteria in one statement, runs the same scoring function
 * (scoreWithoutProvider) and writes one row. Rounds alternate; the figure is
 * the ratio of the median rates (target ≥ 0.6). Each side's CPU time per job is
 * printed too, for this process, the benchmark database's PostgreSQL
 * backends and redis-server (bench/cpu-per-job.ts).
 */
const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** `throughput`, `latency` or both (default). */
const PHASES = (process.env.BENCH_PHASES ?? 'throughput,latency').split(',');

const WORDS =
  'please thank you order delivery refund account sorry help today problem check number'.split(' ');

function transcript(seed: number): Array<Record<string, unknown>> {
  const segments = [];
  for (let i = 0; i < 60; i += 1) {
    const text = Array.from(
      { length: 15 },
      (_, w) => WORDS[(seed + i * 7 + w * 3) % WORDS.length],
    ).join(' ');
    segments.push({
      speaker: i % 2 === 0 ? 'AGENT' : 'CUSTOMER',
      text: i === 0 ? `Hello, thank you for calling. ${text}` : i % 10 === 0 ? `${text}?` : text,
      startSec: i * 5,
      endSec: i * 5 + 4.5,
    });
  }
  return segments;
}

const medianOrNull = (values: Array<number | null>): number | null =>
  values.includes(null) ? null : median(values as number[]);

const medianCpu = (runs: CpuPerJob[]): CpuPerJob => ({
  node: median(runs.map((run) => run.node)),
  postgres: medianOrNull(runs.map((run) => run.postgres)),
  redis: medianOrNull(runs.map((run) => run.redis)),
});

/** Drains `count` jobs; resolves with jobs per second from the first add to the last completion. */
async function drain(worker: Worker, add: () => Promise<void>, count: number): Promise<number> {
  let completed = 0;
  let failed = 0;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('completed', () => {
      completed += 1;
      if (completed === count) resolve();
    });
    worker.on('failed', (_job, error) => {
      failed += 1;
      reject(new Error(`job failed (${failed}): ${error.message}`));
    });
  });
  const started = performance.now();
  await add();
  await done;
  worker.removeAllListeners('completed');
  worker.removeAllListeners('failed');
  return count / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const twilio = await new FakeTwilio(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).start();
  twilio.ownsEveryNumber = true;
  const env = {
    ...twilioEnv(twilio),
    ANTHROPIC_API_KEY: '',
    CALL_SCORING_CONCURRENCY: String(CONCURRENCY),
    OUTBOX_POLL_INTERVAL_MS: '250',
    ...(process.env.BENCH_NO_RELAY ? { OUTBOX_RELAY_ENABLED: 'false' } : {}),
  };
  const { api, databaseUrl, finish } = await startBenchApi('scoring', env);
  let worker: INestApplicationContext | undefined;
  let raw: Worker | undefined;
  let pool: Pool | undefined;
  try {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    const dataSource = api.app.get(DataSource);
    const [{ id: scorecardId }] = await dataSource.query<Array<{ id: string }>>(
      'SELECT scorecard_id AS id FROM campaign WHERE id = $1',
      [campaign.id],
    );
    // Calls and their QUEUED jobs, written directly (the bench measures scoring, not import).
    const callIds: string[] = [];
    for (let offset = 0; offset < JOBS; offset += 500) {
      const batch = Array.from({ length: Math.min(500, JOBS - offset) }, (_, i) => offset + i);
      const rows = await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO call (organization_id, direction, "from", "to", status, campaign_id, transcript, duration_sec, score_status)
         SELECT $1, 'INBOUND', '+14155550111', '+14155550100', 'COMPLETED', $2, t.transcript, 300, 'QUEUED'
           FROM jsonb_array_elements($3::jsonb) AS t(transcript)
         RETURNING id`,
        [owner.organizationId, campaign.id, JSON.stringify(batch.map((seed) => transcript(seed)))],
      );
      callIds.push(...rows.map((row) => row.id));
    }
    const resetJobs = async () => {
      await dataSource.query('DELETE FROM call_score');
      await dataSource.query('DELETE FROM scoring_job');
      await dataSource.query(
        `INSERT INTO scoring_job (organization_id, call_id, scorecard_id, scorecard_version, status)
         SELECT $1, id, $2, 1, 'QUEUED' FROM unnest($3::uuid[]) AS id`,
        [owner.organizationId, scorecardId, callIds],
      );
      await dataSource.query(`UPDATE call SET score_status = 'QUEUED', score_id = NULL`);
    };

    worker = await startWorker({ env });
    const processor = worker.get(CallScoringProcessor);
    processor.worker.concurrency = CONCURRENCY;
    const scoringQueue = api.app.get(QueueRegistry).get(QueueName.CallScoring);
    const rawQueue = new Queue('bench-raw', {
      connection: scoringQueue.opts.connection,
      prefix: scoringQueue.opts.prefix,
    });
    // The raw pipeline: a plain BullMQ worker with `pg` that reads the
    // transcript and criteria in one statement, runs the same scoring
    // function and writes one row.
    pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY });
    await pool.query(
      'CREATE TABLE bench_raw_score (call_id uuid PRIMARY KEY, overall numeric NOT NULL, criteria jsonb NOT NULL, metrics jsonb NOT NULL)',
    );
    const rawPool = pool;
    raw = new Worker(
      'bench-raw',
      async (job: Job<{ callId: string; scorecardId: string }>) => {
        const { rows } = await rawPool.query<{
          transcript: Segment[];
          duration_sec: number | null;
          criteria: CriterionDefinition[];
        }>(
          `SELECT c.transcript, c.duration_sec, s.criteria
             FROM call c, scorecard s WHERE c.id = $1 AND s.id = $2`,
          [job.data.callId, job.data.scorecardId],
        );
        const result = scoreWithoutProvider(
          rows[0].criteria,
          rows[0].transcript,
          rows[0].duration_sec,
        );
        await rawPool.query(
          `INSERT INTO bench_raw_score (call_id, overall, criteria, metrics) VALUES ($1, $2, $3, $4)
           ON CONFLICT (call_id) DO UPDATE SET overall = EXCLUDED.overall, criteria = EXCLUDED.criteria, metrics = EXCLUDED.metrics`,
          [
            job.data.callId,
            result.overall,
            JSON.stringify(result.criteria),
            JSON.stringify(result.metrics),
          ],
        );
      },
      {
        connection: scoringQueue.opts.connection,
        prefix: scoringQueue.opts.prefix,
        concurrency: CONCURRENCY,
      },
    );
    const payloads = callIds.map((callId) => ({ callId, scorecardId, scorecardVersion: 1 }));
    let round = 0;
    const addAll = (queue: Queue) => async () => {
      round += 1;
      for (let offset = 0; offset < payloads.length; offset += 500) {
        await queue.addBulk(
          payloads.slice(offset, offset + 500).map((data, i) => ({
            name: 'score-call',
            data,
            opts: { jobId: `bench-${round}-${offset + i}`, removeOnComplete: true },
          })),
        );
      }
    };

    const baseline: number[] = [];
    const candidate: number[] = [];
    const baselineCpu: CpuPerJob[] = [];
    const candidateCpu: CpuPerJob[] = [];
    for (let r = 0; r < (PHASES.includes('throughput') ? ROUNDS : 0); r += 1) {
      await pool.query('TRUNCATE bench_raw_score');
      const rawRun = await cpuPerJob(dataSource, JOBS, () => drain(raw!, addAll(rawQueue), JOBS));
      const [{ written }] = (
        await pool.query<{ written: number }>(
          'SELECT COUNT(*)::int AS written FROM bench_raw_score',
        )
      ).rows;
      if (written !== JOBS) throw new Error(`the raw pipeline wrote ${written} of ${JOBS} rows`);
      baseline.push(rawRun.result);
      baselineCpu.push(rawRun.cpu);
      await resetJobs();
      const scoringRun = await cpuPerJob(dataSource, JOBS, () =>
        drain(processor.worker, addAll(scoringQueue), JOBS),
      );
      candidate.push(scoringRun.result);
      candidateCpu.push(scoringRun.cpu);
      const [{ count }] = await dataSource.query<Array<{ count: number }>>(
        "SELECT COUNT(*)::int AS count FROM scoring_job WHERE status = 'COMPLETED'",
      );
      if (count !== JOBS) throw new Error(`only ${count} of ${JOBS} jobs completed`);
      console.log(
        `round ${r + 1}: raw pipeline ${baseline[r].toFixed(0)} jobs/s (${formatCpu(baselineCpu[r])}), ` +
          `scoring ${candidate[r].toFixed(0)} jobs/s (${formatCpu(candidateCpu[r])})`,
      );
    }
    const ratio = median(candidate) / median(baseline);
    if (PHASES.includes('throughput'))
      console.log(
        `\nscoring ${JOBS} 5-minute transcripts (built-in judge), concurrency ${CONCURRENCY}:` +
          `\n  raw pipeline     median ${median(baseline).toFixed(0)} jobs/s` +
          `\n  scoring worker   median ${median(candidate).toFixed(0)} jobs/s` +
          `\n  ratio            ${ratio.toFixed(2)} (target ≥ 0.6)` +
          `\n  CPU per job, medians: raw pipeline   ${formatCpu(medianCpu(baselineCpu))}` +
          `\n                       scoring worker  ${formatCpu(medianCpu(candidateCpu))}`,
      );
    await rawQueue.obliterate({ force: true });
    await rawQueue.close();

    if (PHASES.includes('latency')) {
      await worker.close();
      worker = undefined;
      const result = await latencyPhase(api, twilio, env);
      console.log(
        `\nhang-up to callScored, ${result.calls} Twilio calls at ${process.env.BENCH_CALL_RATE ?? 20}/s ` +
          `(status → recording → Intelligence transcript webhook → score → graphql-ws event) ` +
          `while an importCall backlog drains (${result.importsScored} imported calls scored):` +
          `\n  scored ${result.scored} of ${result.calls}; p50 ${result.p50.toFixed(0)} ms, ` +
          `p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms (target p99 ≤ 2000 ms)` +
          `\n  CPU per scored call: api process (with the load generator) ${result.apiCpuUs.toFixed(0)} µs, ` +
          `worker process ${result.workerCpuUs.toFixed(0)} µs, postgres ${result.postgresCpuUs.toFixed(0)} µs`,
      );
    }
  } finally {
    await raw?.close();
    await pool?.end();
    await worker?.close();
    await finish();
    await twilio.stop();
  }
}

runMain(main);
