import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { callsConfig } from '@/config/configuration';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import {
  isRetryable,
  ScoringOutcome,
  ScoringRunnerService,
} from '../scoring/scoring-runner.service';

/** Until issue 15 the receipts prune was scheduled on this queue; it runs on `maintenance` now. */
const LEGACY_RECEIPTS_SCHEDULER = 'prune-webhook-receipts';

type ScoreCallPayload = JobPayload<typeof QueueName.CallScoring, 'score-call'>;

/**
 * The call-scoring queue. Provider 429/5xx and network errors are retried
 * with the queue's retry budget (retry-policy.ts) up to CALL_SCORING_MAX_ATTEMPTS; any
 * other error, or the last attempt, ends the job FAILED with its reason on
 * the ScoringJob (never silently). When even that cannot be written
 * (PostgreSQL down), the job is retried rather than failed, and
 * ScoringReconciler finishes what the queue can no longer finish.
 */
@Processor(QueueName.CallScoring, RETRY_BUDGET_WORKER_OPTIONS)
export class CallScoringProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly runner: ScoringRunnerService,
    @InjectQueue(QueueName.CallScoring) private readonly queue: Queue,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {
    super();
  }

  override async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    // Otherwise its jobs would keep arriving here, every six hours, as unknown.
    await this.queue.removeJobScheduler(LEGACY_RECEIPTS_SCHEDULER);
  }

  protected async handle(job: Job<ScoreCallPayload>): Promise<ScoringOutcome> {
    if (job.name !== 'score-call')
      throw new UnrecoverableError(`unknown call-scoring job "${job.name}"`);
    const { callId, scorecardVersion, scorecardId, urgent } = job.data;
    try {
      return await this.runner.run(callId, scorecardVersion, scorecardId, urgent === true);
    } catch (error) {
      const attempt = job.attemptsMade + 1;
      const allowed = Math.min(this.config.scoringMaxAttempts, job.opts.attempts ?? 1);
      const final = !isRetryable(error) || attempt >= allowed;
      try {
        await this.runner.recordFailure(callId, scorecardVersion, error, final, attempt);
      } catch (recordError) {
        // PostgreSQL is down (or failing over): the failure cannot be
        // recorded now. The job's own error goes back to BullMQ, which
        // retries within the queue's retry budget; a later attempt records
        // the outcome, and if none is left ScoringReconciler ends the job
        // once the database is back. Never left RUNNING for good.
        this.logger.warn(
          `call ${callId}: could not record failed attempt ${attempt}, retrying the job: ${
            recordError instanceof Error ? recordError.message : String(recordError)
          }`,
        );
        throw error;
      }
      if (final) {
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  }
}
