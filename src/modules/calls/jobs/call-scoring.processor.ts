import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { callsConfig } from '@/config/configuration';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { isRetryable, ScoringOutcome, ScoringRunner } from '../scoring/scoring-runner.service';
import { WebhookReceiptsPruner } from '../webhooks/webhook-receipts.pruner';

const SIX_HOURS = 6 * 3600_000;

type ScoreCallPayload = JobPayload<typeof QueueName.CallScoring, 'score-call'>;

/**
 * The call-scoring queue. Provider 429/5xx and network errors are retried
 * with the queue's exponential backoff up to CALL_SCORING_MAX_ATTEMPTS; any
 * other error, or the last attempt, ends the job FAILED with its reason on
 * the ScoringJob (never silently).
 */
@Processor(QueueName.CallScoring)
export class CallScoringProcessor extends InstrumentedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly runner: ScoringRunner,
    private readonly receipts: WebhookReceiptsPruner,
    @InjectQueue(QueueName.CallScoring) private readonly queue: Queue,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.config.scoringConcurrency;
    // Upserted, so N workers make one schedule.
    await this.queue.upsertJobScheduler(
      'prune-webhook-receipts',
      { every: SIX_HOURS },
      { name: 'prune-webhook-receipts', data: {} },
    );
  }

  async process(job: Job<ScoreCallPayload>): Promise<ScoringOutcome | { deleted: number }> {
    if (job.name === 'prune-webhook-receipts') return { deleted: await this.receipts.prune() };
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
