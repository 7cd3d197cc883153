import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { callsConfig, databaseConfig } from '@/config/configuration';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { JobStatus, ScoreStatus } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { CallEvents, callScoredTopic, callUpdatedTopic } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { Segment } from './call-metrics';
import { CallScorer, ScoreResult } from './call-scorer';
import { ProviderError } from './clients/anthropic.client';
import { runPooledStatement } from '@/database/named-statement';
import { CompileCache } from './prepared-transcript';

export interface ScoringOutcome {
  status: 'scored' | 'skipped';
  scoreId?: string;
}

/** Shortest time between two wake-ups of the outbox relay by the runner, in ms. */
const RELAY_KICK_MS = 25;

/** What the processor needs to know about a failure: retry later, or give up now. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof ProviderError) || error.retryable;

interface Wanted {
  callId: string;
  scorecardVersion: number;
  /** From the message; lets the read skip criteria the worker already holds. */
  scorecardId: string | undefined;
}

/** A job still to score, with what scoring it needs. */
interface Loaded {
  jobId: string;
  organizationId: string;
  callId: string;
  campaignId: string | null;
  scorecardId: string;
  scorecardVersion: number;
  transcript: Segment[];
  durationSec: number | null;
  criteria: readonly CriterionDefinition[];
}

/** A job claimed for provider scoring, with what only the provider needs. */
interface Claimed {
  script: string | null;
}

interface Scored {
  loaded: Loaded;
  result: ScoreResult;
  /** Whether the job was claimed (RUNNING, attempt counted) before scoring. */
  claimed: boolean;
}

interface BatchLoader<K, V> {
  load(key: K): Promise<V>;
}

/**
 * A DataLoader without a cache (every load is a job of its own) whose batch
 * goes when `schedule` says, or as soon as it holds `size` keys: DataLoader
 * calls `batchScheduleFn` once per new batch and starts a new batch once one
 * holds `maxBatchSize` keys, so counting this batch's loads tells when it is
 * full.
 */
function batchLoader<K, V>(
  batch: (keys: readonly K[]) => Promise<V[]>,
  size: number,
  schedule: (go: () => void) => unknown,
): BatchLoader<K, V> {
  let loads = 0;
  let goNow: (() => void) | undefined;
  const loader = new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: size,
    batchScheduleFn: (dispatch) => {
      loads = 0;
      let gone = false;
      const go = () => {
        if (gone) return;
        gone = true;
        if (goNow === go) goNow = undefined;
        dispatch();
      };
      goNow = go;
      schedule(go);
    },
  });
  return {
    load(key: K): Promise<V> {
      const result = loader.load(key);
      loads += 1;
      if (loads >= size) goNow?.();
      return result;
    },
  };
}

/**
 * Runs scoring jobs. The database work of jobs running at the same time is
 * batched (DataLoader, without its cache), one statement per step for the
 * whole batch:
 *
 * 1. read: the jobs still QUEUED or RUNNING (a COMPLETED job is skipped, so a
 *    re-delivered message does no work), with their transcripts and, unless
 *    the worker already holds them, their scorecards' criteria. Nothing is
 *    written.
 * 2. claim, only for jobs whose scoring calls the provider (Claude judges an
 *    LLM_JUDGED criterion): the job becomes RUNNING (its attempt counted)
 *    and the call SCORING with a callUpdated event, because that scoring
 *    takes seconds and the live call board shows it. Built-in scoring takes
 *    well under a millisecond, so for it the visible QUEUED → SCORING →
 *    SCORED sequence is QUEUED → SCORED: one fewer statement per batch, one
 *    fewer call and job update and one fewer outbox event per job.
 * 3. score, per job.
 * 4. write: locks the batch's jobs that are still not COMPLETED (a
 *    concurrent duplicate waits, then finds them COMPLETED and writes
 *    nothing), inserts their scores (ON CONFLICT keeps one already written
 *    for that call and version), completes the jobs, points the calls at
 *    their newest score and writes the callUpdated and callScored outbox
 *    events (by SQL here, in the shape CallEvents writes; the relay
 *    publishes them after the commit).
 *
 * Each job still completes only once its own score is committed. Every
 * statement is scoped by the job's organization.
 */
@Injectable()
export class ScoringRunner {
  private readonly reads: BatchLoader<Wanted, Loaded | null>;
  private readonly claims: BatchLoader<Loaded, Claimed | null>;
  private readonly writes: BatchLoader<Scored, string | null>;
  private readonly namedStatements: boolean;
  /** Criteria by scorecard id: a scorecard row is never changed once written. */
  private readonly scorecards = new CompileCache<readonly CriterionDefinition[]>(500);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly scorer: CallScorer,
    private readonly events: CallEvents,
    private readonly relay: OutboxRelay,
    @Inject(callsConfig.KEY) config: ConfigType<typeof callsConfig>,
    @Inject(databaseConfig.KEY) database: ConfigType<typeof databaseConfig>,
  ) {
    // Embedded PostgreSQL (PGlite) is one session behind its sockets, where
    // per-connection statement names would collide: plain queries there.
    this.namedStatements = !database.embedded;
    const size = config.scoringConcurrency;
    // Jobs running at once arrive from the queue a few milliseconds apart:
    // reads wait 2 ms to gather them. A read batch is scored in one turn of
    // the event loop, so its claims and writes are all added by the end of
    // that turn: they go then. A full batch goes at once.
    this.reads = batchLoader(
      (items) => this.readBatch(items),
      size,
      (go) => setTimeout(go, 2),
    );
    this.claims = batchLoader((items) => this.claimBatch(items), size, setImmediate);
    this.writes = batchLoader((items) => this.writeBatch(items), size, setImmediate);
  }

  async run(
    callId: string,
    scorecardVersion: number,
    scorecardId?: string,
  ): Promise<ScoringOutcome> {
    const loaded = await this.reads.load({ callId, scorecardVersion, scorecardId });
    if (!loaded) return { status: 'skipped' };
    const claimed = this.scorer.needsProvider(loaded.criteria);
    let script: string | null = null;
    if (claimed) {
      const claim = await this.claims.load(loaded);
      if (!claim) return { status: 'skipped' };
      script = claim.script;
    }
    const result = await this.scorer.score(
      loaded.criteria,
      loaded.transcript,
      loaded.durationSec,
      script,
    );
    const scoreId = await this.writes.load({ loaded, result, claimed });
    return scoreId ? { status: 'scored', scoreId } : { status: 'skipped' };
  }

  /**
   * One read-only statement: the batch's jobs still QUEUED or RUNNING, their
   * calls' transcripts and, for scorecards the worker does not hold yet,
   * their criteria.
   */
  private async readBatch(items: readonly Wanted[]): Promise<Array<Loaded | null>> {
    const held = new Map<string, readonly CriterionDefinition[]>();
    for (const item of items) {
      const criteria = item.scorecardId && this.scorecards.peek(item.scorecardId);
      if (criteria) held.set(item.scorecardId!, criteria);
    }
    const rows = await this.statement<{
      job_id: string;
      organization_id: string;
      call_id: string;
      campaign_id: string | null;
      scorecard_id: string;
      scorecard_version: number;
      transcript: Segment[];
      duration_sec: number | null;
      criteria: CriterionDefinition[] | null;
    }>(
      'call-scoring-read',
      `SELECT j.id AS job_id, j.organization_id, j.call_id, c.campaign_id, j.scorecard_id,
              j.scorecard_version, c.transcript, c.duration_sec,
              CASE WHEN j.scorecard_id = ANY($3::uuid[]) THEN NULL ELSE s.criteria END AS criteria
         FROM unnest($1::uuid[], $2::int[]) AS wanted(call_id, version)
         JOIN scoring_job j ON j.call_id = wanted.call_id AND j.scorecard_version = wanted.version
         JOIN call c ON c.id = j.call_id AND c.organization_id = j.organization_id
         JOIN scorecard s ON s.id = j.scorecard_id AND s.organization_id = j.organization_id
        WHERE j.status IN ('QUEUED', 'RUNNING')`,
      [
        items.map((item) => item.callId),
        items.map((item) => item.scorecardVersion),
        [...held.keys()],
      ],
    );
    const byKey = new Map<string, Loaded>();
    for (const row of rows) {
      let criteria = row.criteria ?? held.get(row.scorecard_id);
      if (!criteria) throw new Error(`scorecard ${row.scorecard_id} came back without criteria`);
      if (row.criteria) criteria = this.scorecards.get(row.scorecard_id, () => row.criteria!);
      byKey.set(`${row.call_id}:${row.scorecard_version}`, {
        jobId: row.job_id,
        organizationId: row.organization_id,
        callId: row.call_id,
        campaignId: row.campaign_id,
        scorecardId: row.scorecard_id,
        scorecardVersion: row.scorecard_version,
        transcript: row.transcript,
        durationSec: row.duration_sec,
        criteria,
      });
    }
    // Two messages for one job in a batch (a re-delivery): the first scores it.
    return items.map((item) => {
      const key = `${item.callId}:${item.scorecardVersion}`;
      const loaded = byKey.get(key);
      byKey.delete(key);
      return loaded ?? null;
    });
  }

  /**
   * For provider scoring only: one statement claims the jobs still QUEUED or
   * RUNNING (counting the attempt) and marks their calls SCORING with a
   * callUpdated outbox event each; returns the campaign script the prompt
   * includes.
   */
  private async claimBatch(items: readonly Loaded[]): Promise<Array<Claimed | null>> {
    const rows = await this.statement<{ job_id: string; script: string | null }>(
      'call-scoring-claim',
      `WITH claimed AS (
         UPDATE scoring_job j SET status = 'RUNNING', attempts = j.attempts + 1, updated_at = now()
          WHERE j.id = ANY($1::uuid[]) AND j.status IN ('QUEUED', 'RUNNING')
          RETURNING j.id, j.organization_id, j.call_id),
       marked AS (
         UPDATE call c
            SET score_status = CASE WHEN c.score_status = 'SCORED' THEN c.score_status
                                    ELSE 'SCORING'::call_score_status END,
                updated_at = now()
           FROM claimed
          WHERE c.id = claimed.call_id AND c.organization_id = claimed.organization_id
          RETURNING c.id, c.organization_id, c.campaign_id, c.score_status),
       events AS (
         INSERT INTO outbox_event (organization_id, topic, payload)
         SELECT m.organization_id, $2 || m.organization_id,
                jsonb_build_object('callId', m.id, 'campaignId', m.campaign_id)
           FROM marked m WHERE m.score_status = 'SCORING')
       SELECT claimed.id AS job_id, campaign.script
         FROM claimed
         JOIN marked m ON m.id = claimed.call_id
         LEFT JOIN campaign ON campaign.id = m.campaign_id
                           AND campaign.organization_id = m.organization_id`,
      [items.map((item) => item.jobId), callUpdatedTopic('')],
    );
    if (rows.length > 0) this.relay.kickCoalesced(RELAY_KICK_MS);
    const claimed = new Map(rows.map((row) => [row.job_id, { script: row.script }]));
    return items.map((item) => claimed.get(item.jobId) ?? null);
  }

  /**
   * One statement: locks the batch's jobs not yet COMPLETED, inserts their
   * scores (keeping one already written for the same call and version),
   * completes the jobs, points the calls at their newest score and writes
   * the callUpdated and callScored outbox events. A job another delivery
   * completed first gets null (nothing written for it).
   */
  private async writeBatch(items: readonly Scored[]): Promise<Array<string | null>> {
    // One job twice in a batch (two deliveries read apart): written once.
    const first = new Map<string, Scored>();
    for (const item of items) if (!first.has(item.loaded.jobId)) first.set(item.loaded.jobId, item);
    const input = [...first.values()].map(({ loaded, result, claimed }) => ({
      job_id: loaded.jobId,
      organization_id: loaded.organizationId,
      call_id: loaded.callId,
      campaign_id: loaded.campaignId,
      scorecard_id: loaded.scorecardId,
      scorecard_version: loaded.scorecardVersion,
      attempt: claimed ? 0 : 1,
      overall: result.overall,
      criteria: result.criteria,
      metrics: result.metrics,
      scorer: result.scorer,
      model: result.model,
    }));
    const rows = await this.statement<{ job_id: string; score_id: string }>(
      'call-scoring-write',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(job_id uuid, organization_id uuid,
           call_id uuid, campaign_id uuid, scorecard_id uuid, scorecard_version int, attempt int,
           overall float8, criteria jsonb, metrics jsonb, scorer text, model text)),
       open AS (
         SELECT j.id FROM scoring_job j JOIN input ON j.id = input.job_id
                                                  AND j.organization_id = input.organization_id
          WHERE j.status IN ('QUEUED', 'RUNNING')
            FOR UPDATE OF j),
       inserted AS (
         INSERT INTO call_score (organization_id, call_id, scorecard_id, scorecard_version, overall,
                                 criteria, metrics, scorer, model)
         SELECT organization_id, call_id, scorecard_id, scorecard_version, overall, criteria, metrics,
                scorer, model
           FROM input JOIN open ON open.id = input.job_id
         ON CONFLICT (call_id, scorecard_version) DO NOTHING
         RETURNING id, call_id, scorecard_version),
       scores AS (
         SELECT input.job_id, input.organization_id, input.call_id, input.campaign_id,
                input.scorecard_version, input.attempt, COALESCE(inserted.id, existing.id) AS score_id
           FROM input
           JOIN open ON open.id = input.job_id
           LEFT JOIN inserted ON inserted.call_id = input.call_id
                             AND inserted.scorecard_version = input.scorecard_version
           LEFT JOIN call_score existing ON existing.call_id = input.call_id
                             AND existing.scorecard_version = input.scorecard_version
                             AND existing.organization_id = input.organization_id),
       jobs AS (
         UPDATE scoring_job j SET status = 'COMPLETED', score_id = scores.score_id, error = NULL,
                attempts = j.attempts + scores.attempt, finished_at = now(), updated_at = now()
           FROM scores WHERE j.id = scores.job_id),
       calls AS (
         -- An older version finishing late does not replace a newer version's score.
         UPDATE call c SET score_status = 'SCORED', updated_at = now(),
                score_id = CASE
                  WHEN COALESCE((SELECT latest.scorecard_version FROM call_score latest
                                  WHERE latest.id = c.score_id), 0) <= scores.scorecard_version
                  THEN scores.score_id ELSE c.score_id END
           FROM scores
          WHERE c.id = scores.call_id AND c.organization_id = scores.organization_id),
       events AS (
         INSERT INTO outbox_event (organization_id, topic, payload)
         SELECT organization_id, $2 || organization_id,
                jsonb_build_object('callId', call_id, 'campaignId', campaign_id)
           FROM scores
         UNION ALL
         SELECT organization_id, $3 || organization_id,
                jsonb_build_object('callId', call_id, 'campaignId', campaign_id, 'scoreId', score_id)
           FROM scores)
       SELECT job_id, score_id FROM scores`,
      [JSON.stringify(input), callUpdatedTopic(''), callScoredTopic('')],
    );
    if (rows.length > 0) this.relay.kickCoalesced(RELAY_KICK_MS);
    const written = new Map(rows.map((row) => [row.job_id, row.score_id]));
    return items.map((item) =>
      first.get(item.loaded.jobId) === item ? (written.get(item.loaded.jobId) ?? null) : null,
    );
  }

  /**
   * Runs one of the runner's fixed statements as a named prepared
   * statement: PostgreSQL parses and plans it once per pooled connection
   * rather than on every batch (its plan was most of its execution time).
   */
  private statement<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
    return runPooledStatement<R>(this.dataSource, this.namedStatements, { name, text }, values);
  }

  /** After a failed attempt: back to QUEUED with the reason, or FAILED for good. */
  async recordFailure(
    callId: string,
    scorecardVersion: number,
    error: unknown,
    final: boolean,
    attempt: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const message = final
      ? `Scoring failed after ${attempt} attempt(s): ${reason}`
      : `Attempt ${attempt} failed, retrying: ${reason}`;
    await this.transactions.run(async (transaction) => {
      const [[row]] = await transaction.manager.query<[Array<{ organization_id: string }>, number]>(
        `UPDATE scoring_job
            SET status = $3::scoring_job_status, error = $4, updated_at = now(),
                finished_at = CASE WHEN $5 THEN now() ELSE NULL END,
                -- Built-in scoring counts its attempt only when it completes.
                attempts = GREATEST(attempts, $6)
          WHERE call_id = $1 AND scorecard_version = $2 AND status <> 'COMPLETED'
          RETURNING organization_id`,
        [
          callId,
          scorecardVersion,
          final ? JobStatus.FAILED : JobStatus.QUEUED,
          message.slice(0, 2000),
          final,
          attempt,
        ],
      );
      if (!row) return;
      const calls = this.tenants
        .for({ organizationId: row.organization_id }, transaction.manager)
        .repository(Call);
      const call = await calls.findOneBy({ id: callId });
      if (!call) return;
      const status = final ? ScoreStatus.FAILED : ScoreStatus.QUEUED;
      if (call.scoreStatus !== status && call.scoreStatus !== ScoreStatus.SCORED) {
        call.scoreStatus = status;
        await calls.save(call);
        await this.events.updated(transaction, call);
      }
    });
  }
}
