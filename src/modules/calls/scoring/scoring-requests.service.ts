import { Injectable } from '@nestjs/common';
import { TenantScope } from '../../../database/tenant-scope';
import { Transaction } from '../../../database/transaction.service';
import { OutboxService } from '../../../queue/outbox/outbox.service';
import { QueueName } from '../../../queue/queue-names';
import { CallStatus, JobStatus, ScoreStatus } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { Scorecard } from '../campaigns/scorecard.entity';
import { Call } from '../calls/call.entity';
import { ScoringJob } from './scoring-job.entity';

/**
 * Creates scoring jobs. One job per call and scorecard version: asking again
 * returns the existing job, and only a FAILED one is queued again. The queue
 * message leaves through the outbox in the caller's transaction.
 */
@Injectable()
export class ScoringRequests {
  constructor(
    private readonly tenants: TenantScope,
    private readonly outbox: OutboxService,
  ) {}

  /** The campaign's current scorecard, or null when the call has no campaign. */
  async scorecardOf(transaction: Transaction, call: Call): Promise<Scorecard | null> {
    if (!call.campaignId) return null;
    const scope = this.tenants.for(call, transaction.manager);
    const campaign = await scope.repository(Campaign).findOneBy({ id: call.campaignId });
    if (!campaign?.scorecardId) return null;
    return scope.repository(Scorecard).findOneBy({ id: campaign.scorecardId });
  }

  /**
   * Called with the call row locked (so two requests cannot both insert).
   * Saves the call's new scoreStatus; announcing it is the caller's part.
   */
  async request(transaction: Transaction, call: Call, scorecard: Scorecard): Promise<ScoringJob> {
    const scope = this.tenants.for(call, transaction.manager);
    const jobs = scope.repository(ScoringJob);
    let job = await jobs.findOneBy({ callId: call.id, scorecardVersion: scorecard.version });
    if (job && job.status !== JobStatus.FAILED) return job;
    if (job) {
      job.status = JobStatus.QUEUED;
      job.error = null;
      job.attempts = 0;
      job.finishedAt = null;
    } else {
      job = jobs.create({
        callId: call.id,
        scorecardId: scorecard.id,
        scorecardVersion: scorecard.version,
        status: JobStatus.QUEUED,
      });
    }
    job = await jobs.save(job);
    await this.outbox.enqueueJob(transaction, call.organizationId, {
      queue: QueueName.CallScoring,
      name: 'score-call',
      payload: { callId: call.id, scorecardId: scorecard.id, scorecardVersion: scorecard.version },
    });
    call.scoreStatus = ScoreStatus.QUEUED;
    await scope.repository(Call).save(call);
    return job;
  }

  /** Completed calls with a transcript are scored as soon as their campaign has a scorecard. */
  async scoreIfComplete(transaction: Transaction, call: Call): Promise<ScoringJob | null> {
    if (call.status !== CallStatus.COMPLETED || call.transcript.length === 0) return null;
    const scorecard = await this.scorecardOf(transaction, call);
    return scorecard ? this.request(transaction, call, scorecard) : null;
  }
}
