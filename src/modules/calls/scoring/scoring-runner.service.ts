import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { callsConfig } from '../../../config/configuration';
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

/** Outbox rows for the call board, written in bulk (same shape as CallEvents writes). */
interface BoardEvent {
  organizationId: string;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Runs scoring jobs. The database work of jobs running at the same time is
 * batched (MicroBatcher): one transaction claims a batch of jobs (a COMPLETED
 * job is skipped, so a re-delivered message never scores twice), marks their
 * calls SCORING and loads transcripts and scorecards; scoring itself is per
 * job; one transaction then writes the batch's scores, the jobs' and calls'
 * new state and the callUpdated / callScored events. Each job still
 * completes only once its own score is committed.
 */
@Injectable()
export class ScoringRunner {
  private readonly claims: MicroBatcher<Claim, Claimed | null>;
  private readonly writes: MicroBatcher<Scored, string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly scorer: CallScorer,
    private readonly events: CallEvents,
    private readonly relay: OutboxRelay,
    @Inject(callsConfig.KEY) config: ConfigType<typeof callsConfig>,
  ) {
    this.claims = new MicroBatcher((items) => this.claimBatch(items), config.scoringConcurrency);
    this.writes = new MicroBatcher((items) => this.writeBatch(items), config.scoringConcurrency);
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

  private async claimBatch(items: Claim[]): Promise<Array<Claimed | null>> {
    const claimed = await this.dataSource.transaction(async (manager) => {
      // An UPDATE answers [rows, rowCount] through TypeORM's postgres driver.
      const [jobs] = await manager.query<
        [
          Array<{
            id: string;
            organization_id: string;
            call_id: string;
            scorecard_id: string;
            scorecard_version: number;
          }>,
          number,
        ]
      >(
        `UPDATE scoring_job j SET status = 'RUNNING', attempts = j.attempts + 1, updated_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS wanted(call_id, version)
          WHERE j.call_id = wanted.call_id AND j.scorecard_version = wanted.version
            AND j.status IN ('QUEUED', 'RUNNING')
          RETURNING j.id, j.organization_id, j.call_id, j.scorecard_id, j.scorecard_version`,
        [items.map((item) => item.callId), items.map((item) => item.scorecardVersion)],
      );
      if (jobs.length === 0) return [];
      const [calls] = await manager.query<
        [
          Array<{
            id: string;
            organization_id: string;
            campaign_id: string | null;
            transcript: Segment[];
            duration_sec: number | null;
            score_status: ScoreStatus;
          }>,
          number,
        ]
      >(
        `UPDATE call c SET score_status = CASE WHEN c.score_status = 'SCORED' THEN c.score_status
                                               ELSE 'SCORING'::call_score_status END,
                           updated_at = now()
           FROM unnest($1::uuid[], $2::uuid[]) AS j(call_id, organization_id)
          WHERE c.id = j.call_id AND c.organization_id = j.organization_id
          RETURNING c.id, c.organization_id, c.campaign_id, c.transcript, c.duration_sec, c.score_status`,
        [jobs.map((job) => job.call_id), jobs.map((job) => job.organization_id)],
      );
      const scorecards = await manager.query<
        Array<{ id: string; criteria: CriterionDefinition[]; script: string | null }>
      >(
        `SELECT s.id, s.criteria, campaign.script
           FROM scorecard s
           LEFT JOIN campaign ON campaign.id = s.campaign_id AND campaign.organization_id = s.organization_id
          WHERE s.id = ANY($1::uuid[])`,
        [[...new Set(jobs.map((job) => job.scorecard_id))]],
      );
      const callById = new Map(calls.map((call) => [call.id, call]));
      const scorecardById = new Map(scorecards.map((scorecard) => [scorecard.id, scorecard]));
      await this.insertEvents(
        manager,
        calls
          .filter((call) => call.score_status === ScoreStatus.SCORING)
          .map((call) => ({
            organizationId: call.organization_id,
            topic: callUpdatedTopic(call.organization_id),
            payload: { callId: call.id, campaignId: call.campaign_id },
          })),
      );
      return jobs.flatMap((job): Claimed[] => {
        const call = callById.get(job.call_id);
        const scorecard = scorecardById.get(job.scorecard_id);
        if (!call || !scorecard || call.organization_id !== job.organization_id) return [];
        return [
          {
            jobId: job.id,
            organizationId: job.organization_id,
            callId: call.id,
            campaignId: call.campaign_id,
            scorecardId: scorecard.id,
            scorecardVersion: job.scorecard_version,
            transcript: call.transcript,
            durationSec: call.duration_sec,
            criteria: scorecard.criteria,
            script: scorecard.script,
          },
        ];
      });
    });
    this.relay.kick();
    return items.map(
      (item) =>
        claimed.find(
          (job) => job.callId === item.callId && job.scorecardVersion === item.scorecardVersion,
        ) ?? null,
    );
  }

  private async writeBatch(items: Scored[]): Promise<string[]> {
    const scoreIds = await this.dataSource.transaction(async (manager) => {
      const rows = items.map(({ claimed, result }) => ({
        organization_id: claimed.organizationId,
        call_id: claimed.callId,
        scorecard_id: claimed.scorecardId,
        scorecard_version: claimed.scorecardVersion,
        overall: result.overall,
        criteria: result.criteria,
        metrics: result.metrics,
        scorer: result.scorer,
        model: result.model,
      }));
      // A score already written for the call and version (a re-delivered job) is kept.
      await manager.query(
        `INSERT INTO call_score (organization_id, call_id, scorecard_id, scorecard_version, overall,
                                 criteria, metrics, scorer, model)
         SELECT organization_id, call_id, scorecard_id, scorecard_version, overall, criteria, metrics,
                scorer, model
           FROM jsonb_to_recordset($1::jsonb) AS r(organization_id uuid, call_id uuid, scorecard_id uuid,
                scorecard_version int, overall float8, criteria jsonb, metrics jsonb, scorer text, model text)
         ON CONFLICT (call_id, scorecard_version) DO NOTHING`,
        [JSON.stringify(rows)],
      );
      const scores = await manager.query<
        Array<{ id: string; call_id: string; scorecard_version: number }>
      >(
        `SELECT s.id, s.call_id, s.scorecard_version
           FROM call_score s
           JOIN unnest($1::uuid[], $2::int[], $3::uuid[]) AS w(call_id, version, organization_id)
             ON s.call_id = w.call_id AND s.scorecard_version = w.version
            AND s.organization_id = w.organization_id`,
        [
          rows.map((row) => row.call_id),
          rows.map((row) => row.scorecard_version),
          rows.map((row) => row.organization_id),
        ],
      );
      const scoreOf = (claimed: Claimed) =>
        scores.find(
          (score) =>
            score.call_id === claimed.callId &&
            score.scorecard_version === claimed.scorecardVersion,
        )!.id;
      const ids = items.map(({ claimed }) => scoreOf(claimed));
      await manager.query(
        `UPDATE scoring_job j SET status = 'COMPLETED', score_id = w.score_id, error = NULL,
                finished_at = now(), updated_at = now()
           FROM unnest($1::uuid[], $2::uuid[]) AS w(job_id, score_id)
          WHERE j.id = w.job_id`,
        [items.map(({ claimed }) => claimed.jobId), ids],
      );
      // An older version finishing late does not replace a newer version's score.
      await manager.query(
        `UPDATE call c SET score_status = 'SCORED', updated_at = now(),
                score_id = CASE
                  WHEN COALESCE((SELECT latest.scorecard_version FROM call_score latest
                                  WHERE latest.id = c.score_id), 0) <= w.version
                  THEN w.score_id ELSE c.score_id END
           FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::uuid[]) AS w(call_id, score_id, version, organization_id)
          WHERE c.id = w.call_id AND c.organization_id = w.organization_id`,
        [
          items.map(({ claimed }) => claimed.callId),
          ids,
          items.map(({ claimed }) => claimed.scorecardVersion),
          items.map(({ claimed }) => claimed.organizationId),
        ],
      );
      await this.insertEvents(
        manager,
        items.flatMap(({ claimed }, index): BoardEvent[] => {
          const base = { callId: claimed.callId, campaignId: claimed.campaignId };
          return [
            {
              organizationId: claimed.organizationId,
              topic: callUpdatedTopic(claimed.organizationId),
              payload: base,
            },
            {
              organizationId: claimed.organizationId,
              topic: callScoredTopic(claimed.organizationId),
              payload: { ...base, scoreId: ids[index] },
            },
          ];
        }),
      );
      return ids;
    });
    this.relay.kick();
    return scoreIds;
  }

  private async insertEvents(manager: EntityManager, events: BoardEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO outbox_event (organization_id, topic, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])`,
      [
        events.map((event) => event.organizationId),
        events.map((event) => event.topic),
        events.map((event) => JSON.stringify(event.payload)),
      ],
    );
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
