import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { callsConfig, databaseConfig } from '../../../config/configuration';
import { OutboxRelay } from '../../../queue/outbox/outbox.relay';
import { TenantScope } from '../../../database/tenant-scope';
import { TransactionService } from '../../../database/transaction.service';
import { JobStatus, ScoreStatus } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { CallEvents, callScoredTopic, callUpdatedTopic } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { Segment } from './call-metrics';
import { CallScorer, ScoreResult } from './call-scorer';
import { ProviderError } from './clients/anthropic.client';
import { MicroBatcher } from './micro-batcher';

export interface ScoringOutcome {
  status: 'scored' | 'skipped';
  scoreId?: string;
}

/** What the processor needs to know about a failure: retry later, or give up now. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof ProviderError) || error.retryable;

interface Claim {
  callId: string;
  scorecardVersion: number;
}

/** A claimed job with what scoring it needs. */
interface Claimed {
  jobId: string;
  organizationId: string;
  callId: string;
  campaignId: string | null;
  scorecardId: string;
  scorecardVersion: number;
  transcript: Segment[];
  durationSec: number | null;
  criteria: CriterionDefinition[];
  script: string | null;
}

interface Scored {
  claimed: Claimed;
  result: ScoreResult;
}

/**
 * Runs scoring jobs. The database work of jobs running at the same time is
 * batched (MicroBatcher): one statement claims a batch of jobs (a COMPLETED
 * job is skipped, so a re-delivered message never scores twice), marks their
 * calls SCORING and loads transcripts and scorecards; scoring itself is per
 * job; one statement then writes the batch's scores, the jobs' and calls'
 * new state and the callUpdated / callScored events (the outbox rows are
 * written by SQL here, in the shape CallEvents writes). Each job still
 * completes only once its own score is committed.
 */
@Injectable()
export class ScoringRunner {
  private readonly claims: MicroBatcher<Claim, Claimed | null>;
  private readonly writes: MicroBatcher<Scored, string>;
  private readonly namedStatements: boolean;

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
    this.claims = new MicroBatcher((items) => this.claimBatch(items), config.scoringConcurrency);
    // A claimed batch is scored in one turn of the event loop, so its writes
    // are all added by the end of that turn: flush then, without a timer.
    this.writes = new MicroBatcher((items) => this.writeBatch(items), config.scoringConcurrency, 0);
  }

  async run(callId: string, scorecardVersion: number): Promise<ScoringOutcome> {
    const claimed = await this.claims.add({ callId, scorecardVersion });
    if (!claimed) return { status: 'skipped' };
    const result = await this.scorer.score(
      claimed.criteria,
      claimed.transcript,
      claimed.durationSec,
      claimed.script,
    );
    const scoreId = await this.writes.add({ claimed, result });
    return { status: 'scored', scoreId };
  }

  /**
   * One statement: claims the jobs still QUEUED or RUNNING, marks their calls
   * SCORING with a callUpdated outbox event each, and returns what scoring
   * needs. A single statement is one round trip and its own transaction.
   */
  private async claimBatch(items: Claim[]): Promise<Array<Claimed | null>> {
    const rows = await this.statement<{
      job_id: string;
      organization_id: string;
      call_id: string;
      campaign_id: string | null;
      scorecard_id: string;
      scorecard_version: number;
      transcript: Segment[];
      duration_sec: number | null;
      criteria: CriterionDefinition[];
      script: string | null;
    }>(
      'call-scoring-claim',
      `WITH wanted AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS w(call_id, version)),
       claimed AS (
         UPDATE scoring_job j SET status = 'RUNNING', attempts = j.attempts + 1, updated_at = now()
           FROM wanted
          WHERE j.call_id = wanted.call_id AND j.scorecard_version = wanted.version
            AND j.status IN ('QUEUED', 'RUNNING')
          RETURNING j.id, j.organization_id, j.call_id, j.scorecard_id, j.scorecard_version),
       marked AS (
         UPDATE call c
            SET score_status = CASE WHEN c.score_status = 'SCORED' THEN c.score_status
                                    ELSE 'SCORING'::call_score_status END,
                updated_at = now()
           FROM claimed
          WHERE c.id = claimed.call_id AND c.organization_id = claimed.organization_id
          RETURNING c.id, c.organization_id, c.campaign_id, c.transcript, c.duration_sec, c.score_status),
       events AS (
         INSERT INTO outbox_event (organization_id, topic, payload)
         SELECT m.organization_id, $3 || m.organization_id,
                jsonb_build_object('callId', m.id, 'campaignId', m.campaign_id)
           FROM marked m WHERE m.score_status = 'SCORING')
       SELECT claimed.id AS job_id, claimed.organization_id, claimed.call_id, m.campaign_id,
              claimed.scorecard_id, claimed.scorecard_version, m.transcript, m.duration_sec,
              s.criteria, campaign.script
         FROM claimed
         JOIN marked m ON m.id = claimed.call_id
         JOIN scorecard s ON s.id = claimed.scorecard_id AND s.organization_id = claimed.organization_id
         LEFT JOIN campaign ON campaign.id = s.campaign_id AND campaign.organization_id = s.organization_id`,
      [
        items.map((item) => item.callId),
        items.map((item) => item.scorecardVersion),
        callUpdatedTopic(''),
      ],
    );
    if (rows.length > 0) this.relay.kick();
    return items.map((item) => {
      const row = rows.find(
        (candidate) =>
          candidate.call_id === item.callId &&
          candidate.scorecard_version === item.scorecardVersion,
      );
      if (!row) return null;
      return {
        jobId: row.job_id,
        organizationId: row.organization_id,
        callId: row.call_id,
        campaignId: row.campaign_id,
        scorecardId: row.scorecard_id,
        scorecardVersion: row.scorecard_version,
        transcript: row.transcript,
        durationSec: row.duration_sec,
        criteria: row.criteria,
        script: row.script,
      };
    });
  }

  /**
   * One statement: inserts the scores (keeping one already written for the
   * same call and version, from a re-delivered job), completes the jobs,
   * points the calls at their newest score and writes the callUpdated and
   * callScored outbox events.
   */
  private async writeBatch(items: Scored[]): Promise<string[]> {
    const input = items.map(({ claimed, result }) => ({
      job_id: claimed.jobId,
      organization_id: claimed.organizationId,
      call_id: claimed.callId,
      campaign_id: claimed.campaignId,
      scorecard_id: claimed.scorecardId,
      scorecard_version: claimed.scorecardVersion,
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
           call_id uuid, campaign_id uuid, scorecard_id uuid, scorecard_version int, overall float8,
           criteria jsonb, metrics jsonb, scorer text, model text)),
       inserted AS (
         INSERT INTO call_score (organization_id, call_id, scorecard_id, scorecard_version, overall,
                                 criteria, metrics, scorer, model)
         SELECT organization_id, call_id, scorecard_id, scorecard_version, overall, criteria, metrics,
                scorer, model
           FROM input
         ON CONFLICT (call_id, scorecard_version) DO NOTHING
         RETURNING id, call_id, scorecard_version),
       scores AS (
         SELECT input.job_id, input.organization_id, input.call_id, input.campaign_id,
                input.scorecard_version, COALESCE(inserted.id, existing.id) AS score_id
           FROM input
           LEFT JOIN inserted ON inserted.call_id = input.call_id
                             AND inserted.scorecard_version = input.scorecard_version
           LEFT JOIN call_score existing ON existing.call_id = input.call_id
                             AND existing.scorecard_version = input.scorecard_version
                             AND existing.organization_id = input.organization_id),
       jobs AS (
         UPDATE scoring_job j SET status = 'COMPLETED', score_id = scores.score_id, error = NULL,
                finished_at = now(), updated_at = now()
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
    this.relay.kick();
    return items.map(({ claimed }) => rows.find((row) => row.job_id === claimed.jobId)!.score_id);
  }

  /**
   * Runs one of the runner's two fixed statements as a named prepared
   * statement: PostgreSQL parses and plans it once per pooled connection
   * rather than on every batch (its plan was most of its execution time).
   */
  private async statement<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (!this.namedStatements || !pool) return this.dataSource.query<R[]>(text, values);
    const result = await pool.query<R & object>({ name, text, values });
    return result.rows;
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
                finished_at = CASE WHEN $5 THEN now() ELSE NULL END
          WHERE call_id = $1 AND scorecard_version = $2 AND status <> 'COMPLETED'
          RETURNING organization_id`,
        [
          callId,
          scorecardVersion,
          final ? JobStatus.FAILED : JobStatus.QUEUED,
          message.slice(0, 2000),
          final,
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
