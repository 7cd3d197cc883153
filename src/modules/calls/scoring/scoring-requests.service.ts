import { Injectable } from '@nestjs/common';
import { TenantScope } from '@/database/tenant-scope';
import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { CallStatus, JobStatus, ScoreStatus } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { Scorecard } from '../campaigns/scorecard.entity';
import { Call } from '../calls/call.entity';
import { ScoringJob } from './scoring-job.entity';
import { ScoringJobRepository } from './scoring-job.repository';

/** BullMQ states in which a message will still be (or is being) processed. */
const LIVE: ReadonlyArray<string> = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
];

/**
 * Creates scoring jobs. One job per call and scorecard version: asking again
 * returns the existing job, and only a FAILED one is queued again (or one
 * whose message the queue lost, see `messageHeld`). The queue message leaves
 * through the outbox in the caller's transaction.
 */
@Injectable()
export class ScoringRequests {
  constructor(
    private readonly tenants: TenantScope,
    private readonly outbox: OutboxService,
    private readonly queues: QueueRegistry,
    private readonly jobRows: ScoringJobRepository,
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
   * `existing` is the call's job for this scorecard version when the caller
   * has already read it (null: there is none); left out, it is read here.
   */
  async request(
    transaction: Transaction,
    call: Call,
    scorecard: Scorecard,
    existing?: ScoringJob | null,
    urgent = false,
  ): Promise<ScoringJob> {
    const scope = this.tenants.for(call, transaction.manager);
    const jobs = scope.repository(ScoringJob);
    let job =
      existing !== undefined
        ? existing
        : await jobs.findOneBy({ callId: call.id, scorecardVersion: scorecard.version });
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
    job = await this.send(transaction, call, job, urgent);
    call.scoreStatus = ScoreStatus.QUEUED;
    await scope.repository(Call).save(call);
    return job;
  }

  /**
   * Whether the queue (or the outbox, before the relay has sent it) still
   * holds the job's latest message. When Redis lost it (flushed, failed
   * over without persistence) or BullMQ finished it without the job ending
   * (the worker could not record the outcome), nothing would ever run the
   * job: `resend` it then. A job queued before its message was recorded
   * counts as not held; a second message for a job is harmless (the worker
   * skips a COMPLETED job and writes one score per call and version).
   */
  async messageHeld(transaction: Transaction, job: ScoringJob): Promise<boolean> {
    // Waiting for (or sent in) a Message Batch: BatchScoringService has it.
    if (await this.jobRows.awaitsBatch(job.id, transaction.manager)) return true;
    if (!job.messageId) return false;
    if (await this.jobRows.messageAwaitsRelay(job.messageId, transaction.manager)) return true;
    // Redis down or slow: cannot tell, so count it as lost (the message
    // waits in the outbox until Redis is back) rather than hang the request.
    let timer: NodeJS.Timeout | undefined;
    const state = await Promise.race([
      this.queues.get(QueueName.CallScoring).getJobState(job.messageId),
      new Promise<'unknown'>((resolve) => (timer = setTimeout(() => resolve('unknown'), 2000))),
    ]).catch(() => 'unknown' as const);
    clearTimeout(timer);
    return LIVE.includes(state);
  }

  /** Queues a QUEUED or RUNNING job's message again (see `messageHeld`). */
  resend(transaction: Transaction, call: Call, job: ScoringJob): Promise<ScoringJob> {
    return this.send(transaction, call, job);
  }

  /** Saves the job with a new queue message, which leaves through the outbox. */
  private async send(
    transaction: Transaction,
    call: Call,
    job: ScoringJob,
    urgent = false,
  ): Promise<ScoringJob> {
    job.messageId = await this.outbox.enqueueJob(transaction, call.organizationId, {
      queue: QueueName.CallScoring,
      name: 'score-call',
      payload: {
        organizationId: call.organizationId,
        callId: call.id,
        scorecardId: job.scorecardId,
        scorecardVersion: job.scorecardVersion,
        ...(urgent ? { urgent: true } : {}),
        ...(!urgent && !call.twilioCallSid ? { background: true } : {}),
      },
    });
    return this.tenants.for(call, transaction.manager).repository(ScoringJob).save(job);
  }

  /** Completed calls with a transcript are scored as soon as their campaign has a scorecard. */
  async scoreIfComplete(transaction: Transaction, call: Call): Promise<ScoringJob | null> {
    if (call.status !== CallStatus.COMPLETED || call.transcript.length === 0) return null;
    const scorecard = await this.scorecardOf(transaction, call);
    return scorecard ? this.request(transaction, call, scorecard) : null;
  }
}
