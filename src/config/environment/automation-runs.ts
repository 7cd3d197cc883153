import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInteger } from './transforms';

/**
 * Running automations (SPEC §9): failure and retry limits, the loop and
 * flood guards, the schedulers of time-based triggers, and run retention.
 */
export class AutomationRunVariables {
  /** Failed runs in a row after which the system disables the automation. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  AUTOMATION_MAX_CONSECUTIVE_FAILURES = 5;

  /** Runs caused by runs: a write at this depth triggers nothing more. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3)
  AUTOMATION_MAX_CHAIN_DEPTH = 3;

  /** Runs one automation may start per minute; past it runs are recorded SKIPPED. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10000)
  AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION = 60;

  /** Runs one organization's automations may start per minute together; past it runs are SKIPPED. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100000)
  AUTOMATION_RUNS_PER_MINUTE_PER_ORGANIZATION = 300;

  /** Attempts of one step on retryable failures (network, 408, 429, 5xx) before it fails for good. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(20)
  AUTOMATION_STEP_MAX_ATTEMPTS = 5;

  /** First wait before a step's retry, in ms; doubled per attempt (capped at 10 min), never shorter than Retry-After. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(600000)
  AUTOMATION_STEP_RETRY_BASE_MS = 5000;

  /** How often the TASK_OVERDUE and CALENDAR_EVENT_STARTING scheduler looks for due events, in ms. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(60000)
  AUTOMATION_SCHEDULE_INTERVAL_MS = 15000;

  /** Days automation runs are kept before pruning. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3650)
  AUTOMATION_RUN_RETENTION_DAYS = 30;

  /**
   * How long a RUNNING run belongs to the delivery that claimed it, in ms: a
   * second delivery of its job leaves it alone meanwhile, and a run whose
   * worker died is taken up again after it. Longer than any step takes.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(10000)
  @Max(3600000)
  AUTOMATION_RUN_LEASE_MS = 120000;
}
