import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantScope } from '../../../database/tenant-scope';
import { TransactionService } from '../../../database/transaction.service';
import { JobStatus, ScoreStatus } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { Scorecard } from '../campaigns/scorecard.entity';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { CallScore } from './call-score.entity';
import { CallScorer } from './call-scorer';
import { ProviderError } from './clients/anthropic.client';
import { ScoringJob } from './scoring-job.entity';

export interface ScoringOutcome {
  status: 'scored' | 'skipped';
  scoreId?: string;
}

/** What the processor needs to know about a failure: retry later, or give up now. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof ProviderError) || error.retryable;

/**
 * Runs one scoring job: claims it (a COMPLETED job is skipped, so a
 * re-delivered message never scores twice), scores, and writes the score,
 * the job's and call's new state and the callScored / callUpdated events in
 * one transaction.
 */
@Injectable()
export class ScoringRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly scorer: CallScorer,
    private readonly events: CallEvents,
  ) {}

  async run(callId: string, scorecardVersion: number): Promise<ScoringOutcome> {
    // An UPDATE answers [rows, rowCount] through TypeORM's postgres driver.
    const [[claimed]] = await this.dataSource.query<
      [Array<{ id: string; organization_id: string }>, number]
    >(
      `UPDATE scoring_job SET status = 'RUNNING', attempts = attempts + 1, updated_at = now()
        WHERE call_id = $1 AND scorecard_version = $2 AND status IN ('QUEUED', 'RUNNING')
        RETURNING id, organization_id`,
      [callId, scorecardVersion],
    );
    if (!claimed) return { status: 'skipped' };
    const scope = this.tenants.for({ organizationId: claimed.organization_id });
    const job = await scope.repository(ScoringJob).get(claimed.id, 'ScoringJob');
    const call = await scope.repository(Call).get(job.callId, 'Call');
    const scorecard = await scope.repository(Scorecard).get(job.scorecardId, 'Scorecard');
    const campaign = await scope.repository(Campaign).findOneBy({ id: scorecard.campaignId });
    await this.setCallStatus(call.organizationId, call.id, ScoreStatus.SCORING);

    const result = await this.scorer.score(
      scorecard.criteria,
      call.transcript,
      call.durationSec,
      campaign?.script ?? null,
    );

    return this.transactions.run(async (transaction) => {
      const tx = this.tenants.for(call, transaction.manager);
      const scores = tx.repository(CallScore);
      let score = await scores.findOneBy({ callId: call.id, scorecardVersion });
      if (!score) {
        score = await scores.save(
          scores.create({
            callId: call.id,
            scorecardId: scorecard.id,
            scorecardVersion,
            overall: result.overall,
            criteria: result.criteria,
            metrics: result.metrics,
            scorer: result.scorer,
            model: result.model,
          }),
        );
      }
      const jobs = tx.repository(ScoringJob);
      const current = await jobs.get(job.id, 'ScoringJob', 'pessimistic_write');
      current.status = JobStatus.COMPLETED;
      current.scoreId = score.id;
      current.error = null;
      current.finishedAt = new Date();
      await jobs.save(current);

      const calls = tx.repository(Call);
      const fresh = await calls.get(call.id, 'Call', 'pessimistic_write');
      const latest = fresh.scoreId ? await scores.findOneBy({ id: fresh.scoreId }) : null;
      // An older version finishing late does not replace a newer version's score.
      if (!latest || latest.scorecardVersion <= scorecardVersion) fresh.scoreId = score.id;
      fresh.scoreStatus = ScoreStatus.SCORED;
      await calls.save(fresh);
      await this.events.updated(transaction, fresh);
      await this.events.scored(transaction, fresh, score.id);
      return { status: 'scored', scoreId: score.id };
    });
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

  private async setCallStatus(
    organizationId: string,
    callId: string,
    status: ScoreStatus,
  ): Promise<void> {
    await this.transactions.run(async (transaction) => {
      const calls = this.tenants.for({ organizationId }, transaction.manager).repository(Call);
      const call = await calls.findOneBy({ id: callId });
      if (!call || call.scoreStatus === status) return;
      call.scoreStatus = status;
      await calls.save(call);
      await this.events.updated(transaction, call);
    });
  }
}
