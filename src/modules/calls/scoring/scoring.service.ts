import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { callsConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { JobStatus } from '../calls.enums';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { ScoringJob } from './scoring-job.entity';
import { ScoringRequests } from './scoring-requests.service';

const POLL_MS = 100;
const FINISHED: readonly JobStatus[] = [JobStatus.COMPLETED, JobStatus.FAILED];

const refuse = (message: string): BadUserInputError =>
  new BadUserInputError(`Invalid input: callId: ${message}`, [{ path: 'callId', message }]);

/** `scoreCall`: queue (or find) the call's scoring job, and optionally wait for it. */
@Injectable()
export class ScoringService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly requests: ScoringRequests,
    private readonly events: CallEvents,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  async scoreCall(viewer: Viewer, callId: string, wait = false): Promise<ScoringJob> {
    const job = await this.transactions.run(async (transaction) => {
      const calls = this.tenants.for(viewer, transaction.manager).repository(Call);
      const call = await calls.get(callId, 'Call', 'pessimistic_write');
      if (call.transcript.length === 0) throw refuse('the call has no transcript to score yet');
      const scorecard = await this.requests.scorecardOf(transaction, call);
      if (!scorecard) throw refuse("the call's campaign has no scorecard (or it has no campaign)");
      const before = call.scoreStatus;
      const existing = await this.tenants
        .for(viewer, transaction.manager)
        .repository(ScoringJob)
        .findOneBy({ callId: call.id, scorecardVersion: scorecard.version });
      // (Read before `request`, which requeues a FAILED job in place.)
      const existingStatus = existing?.status;
      // Someone waiting for the score has it judged at once, even in a BATCH campaign.
      let requested = await this.requests.request(transaction, call, scorecard, existing, wait);
      // A job still waiting or running whose message the queue no longer
      // holds would never run: send it again.
      const lost =
        (existingStatus === JobStatus.QUEUED || existingStatus === JobStatus.RUNNING) &&
        !(await this.requests.messageHeld(transaction, requested));
      if (lost) requested = await this.requests.resend(transaction, call, requested);
      if (call.scoreStatus !== before) await this.events.updated(transaction, call);
      if (!existing || existingStatus === JobStatus.FAILED || lost) {
        await this.audit.record(transaction.manager, viewer, {
          action: 'call.score_requested',
          entityType: 'Call',
          entityId: call.id,
          after: {
            scoringJobId: requested.id,
            scorecardVersion: scorecard.version,
            ...(lost ? { resent: true } : {}),
          },
        });
      }
      return requested;
    });
    if (!wait || FINISHED.includes(job.status)) return job;
    return this.waitFor(viewer, job);
  }

  /** Polls the job until it finishes or CALL_SCORING_WAIT_MS pass; answers its state then. */
  private async waitFor(viewer: Viewer, job: ScoringJob): Promise<ScoringJob> {
    const jobs = this.tenants.for(viewer).repository(ScoringJob);
    const deadline = Date.now() + this.config.scoreWaitMs;
    let current = job;
    while (Date.now() < deadline) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))),
      );
      current = (await jobs.findOneBy({ id: job.id })) ?? current;
      if (FINISHED.includes(current.status)) return current;
    }
    return current;
  }
}
