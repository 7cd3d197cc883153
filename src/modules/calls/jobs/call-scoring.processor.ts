import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { callsConfig } from '@/config/configuration';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
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
 * with the queue's exponential backoff up to CALL_SCORING_MAX_ATTEMPTS; any
 * other error, or the last attempt, ends the job FAILED with its reason on
 * the ScoringJob (never silently).
 */
@Processor(QueueName.CallScoring)
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
    const { callId, scorecardVersion, scorecardId } = job.data;
    try {
      return await this.runner.run(callId, scorecardVersion, scorecardId);
    } catch (error) {
      const attempt = job.attemptsMade + 1;
      const allowed = Math.min(this.config.scoringMaxAttempts, job.opts.attempts ?? 1);
      const final = !isRetryable(error) || attempt >= allowed;
      await this.runner.recordFailure(callId, scorecardVersion, error, final, attempt);
      if (final) {
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  }
}
