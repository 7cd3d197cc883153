import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/** Retry budgets of queued jobs and the reconcilers that re-enqueue lost ones (src/messaging/retry-policy.ts). */
export class RetryVariables {
  /** Attempts of a queued job (every queue but call-scoring, which has CALL_SCORING_MAX_ATTEMPTS). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_RETRY_ATTEMPTS = 15;

  /** First wait between attempts, doubled per attempt up to 2 minutes (about 16 minutes over 15 attempts). */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  @Max(60_000)
  JOB_RETRY_BASE_DELAY_MS = 1000;

  /** How long a job's row waits on its queue message before a reconciler looks for the message. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  RECONCILE_GRACE_MS = 120_000;

  /** Times a reconciler re-enqueues one piece of work whose message was lost before giving up on it. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(100)
  RECONCILE_MAX_REQUEUES = 5;
}
