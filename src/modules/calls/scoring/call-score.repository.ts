import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { automationTriggerRows } from '@/messaging/outbox/automation-trigger';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { JobStatus, ScoringMode } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { callScoredTopic, callUpdatedTopic } from '../calls/call-events';
import { Segment } from './call-metrics';

/** A job still QUEUED or RUNNING, with its call's transcript and (unless held) its criteria. */
export interface ScoringJobRow {
  job_id: string;
  organization_id: string;
  call_id: string;
  campaign_id: string | null;
  scorecard_id: string;
  scorecard_version: number;
  transcript: Segment[];
  duration_sec: number | null;
  /** Null when the caller said it holds this scorecard's criteria. */
  criteria: CriterionDefinition[] | null;
}

/** One job's score to write (`attempt`: 1 when the job was not claimed, so not yet counted). */
export interface CallScoreInput {
  job_id: string;
  organization_id: string;
  call_id: string;
  campaign_id: string | null;
  scorecard_id: string;
  scorecard_version: number;
  attempt: number;
  overall: number;
  criteria: unknown;
  metrics: unknown;
  scorer: string;
  model: string | null;
  usage: unknown;
  /** The scoring job's trace context, when tracing is on: its outbox events continue that trace. */
  traceparent?: string | null;
}

/**
 * The SQL of running scoring jobs (ScoringRunnerService): one statement per
 * step for a whole batch of jobs, run as named prepared statements (each
 * pooled connection plans it once; plain queries on embedded PostgreSQL,
 * where statement names would collide). Every statement is scoped by the
 * job's organization. The outbox rows they write come from
 * OutboxService.publishSql, with the topics CallEvents publishes.
 */
@Injectable()
export class CallScoreRepository {
  private readonly read: NamedStatement;
  private readonly claim: NamedStatement;
  private readonly write: NamedStatement;

  constructor(
    outbox: OutboxService,
    private readonly statements: NamedStatements,
  ) {
    this.read = {
      name: 'call-scoring-read',
      text: `SELECT j.id AS job_id, j.organization_id, j.call_id, c.campaign_id, j.scorecard_id,
              j.scorecard_version, c.transcript, c.duration_sec,
              CASE WHEN j.scorecard_id = ANY($3::uuid[]) THEN NULL ELSE s.criteria END AS criteria
         FROM unnest($1::uuid[], $2::int[]) AS wanted(call_id, version)
         JOIN scoring_job j ON j.call_id = wanted.call_id AND j.scorecard_version = wanted.version
         JOIN call c ON c.id = j.call_id AND c.organization_id = j.organization_id
         JOIN scorecard s ON s.id = j.scorecard_id AND s.organization_id = j.organization_id
        WHERE j.status IN ('QUEUED', 'RUNNING')`,
    };
    this.claim = {
      name: 'call-scoring-claim',
      text: `WITH claimed AS (
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
         ${outbox.publishSql({
           organizationId: 'm.organization_id',
           topic: '$2 || m.organization_id',
           payload: `jsonb_build_object('callId', m.id, 'campaignId', m.campaign_id)`,
           from: `FROM marked m WHERE m.score_status = 'SCORING'`,
         })})
       SELECT claimed.id AS job_id, campaign.script, campaign.scoring_mode
         FROM claimed
         JOIN marked m ON m.id = claimed.call_id
         LEFT JOIN campaign ON campaign.id = m.campaign_id
                           AND campaign.organization_id = m.organization_id`,
    };
    this.write = {
      name: 'call-scoring-write',
      text: `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(job_id uuid, organization_id uuid,
           call_id uuid, campaign_id uuid, scorecard_id uuid, scorecard_version int, attempt int,
           overall float8, criteria jsonb, metrics jsonb, scorer text, model text, usage jsonb,
           traceparent text)),
       open AS (
         SELECT j.id FROM scoring_job j JOIN input ON j.id = input.job_id
                                                  AND j.organization_id = input.organization_id
          WHERE j.status IN ('QUEUED', 'RUNNING')
            FOR UPDATE OF j),
       inserted AS (
         INSERT INTO call_score (organization_id, call_id, scorecard_id, scorecard_version, overall,
                                 criteria, metrics, scorer, model, usage)
         SELECT organization_id, call_id, scorecard_id, scorecard_version, overall, criteria, metrics,
                scorer, model, usage
           FROM input JOIN open ON open.id = input.job_id
         ON CONFLICT (call_id, scorecard_version) DO NOTHING
         RETURNING id, call_id, scorecard_version),
       scores AS (
         SELECT input.job_id, input.organization_id, input.call_id, input.campaign_id,
                input.scorecard_version, input.attempt, COALESCE(inserted.id, existing.id) AS score_id,
                input.traceparent
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
         ${outbox.publishSql(
           {
             organizationId: 'organization_id',
             topic: '$2 || organization_id',
             payload: `jsonb_build_object('callId', call_id, 'campaignId', campaign_id)`,
             from: 'FROM scores',
             traceparent: 'traceparent',
           },
           {
             organizationId: 'organization_id',
             topic: '$3 || organization_id',
             payload: `jsonb_build_object('callId', call_id, 'campaignId', campaign_id, 'scoreId', score_id)`,
             from: 'FROM scores',
             traceparent: 'traceparent',
           },
           // CALL_SCORED automations (when the organization has one enabled).
           automationTriggerRows({
             trigger: 'CALL_SCORED',
             organizationId: 'organization_id',
             subjectId: 'score_id',
             from: 'FROM scores',
             traceparent: 'traceparent',
           }),
         )})
       SELECT job_id, score_id FROM scores`,
    };
  }

  /**
   * One read-only statement: the jobs of `wanted` (call and scorecard
   * version) still QUEUED or RUNNING, their calls' transcripts and, for
   * scorecards not in `heldScorecardIds`, their criteria.
   */
  readOpenJobs(
    wanted: ReadonlyArray<{ callId: string; scorecardVersion: number }>,
    heldScorecardIds: readonly string[],
  ): Promise<ScoringJobRow[]> {
    return this.run<ScoringJobRow>(this.read, [
      wanted.map((item) => item.callId),
      wanted.map((item) => item.scorecardVersion),
      heldScorecardIds,
    ]);
  }

  /**
   * One statement: claims the jobs still QUEUED or RUNNING (counting the
   * attempt), marks their calls SCORING with a callUpdated outbox event
   * each, and returns the campaign script and scoring mode of each claimed
   * job.
   */
  claimJobs(
    jobIds: readonly string[],
  ): Promise<Array<{ job_id: string; script: string | null; scoring_mode: ScoringMode | null }>> {
    return this.run(this.claim, [jobIds, callUpdatedTopic('')]);
  }

  /**
   * One statement: locks the jobs not yet COMPLETED, inserts their scores
   * (keeping one already written for the same call and version), completes
   * the jobs, points the calls at their newest score and writes the
   * callUpdated and callScored outbox events. Returns the jobs it completed.
   */
  writeScores(
    input: readonly CallScoreInput[],
  ): Promise<Array<{ job_id: string; score_id: string }>> {
    return this.run(this.write, [JSON.stringify(input), callUpdatedTopic(''), callScoredTopic('')]);
  }

  /**
   * In the transaction of `manager`: the job not yet COMPLETED goes back to
   * QUEUED with `message`, or FAILED for good. Returns its organization, or
   * undefined when there was no such job.
   */
  async recordFailure(
    manager: EntityManager,
    callId: string,
    scorecardVersion: number,
    message: string,
    final: boolean,
    attempt: number,
  ): Promise<{ organization_id: string } | undefined> {
    const [[row]] = await manager.query<[Array<{ organization_id: string }>, number]>(
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
    return row;
  }

  private run<R>(statement: NamedStatement, values: unknown[]): Promise<R[]> {
    return this.statements.runPooled<R>(statement, values);
  }
}
