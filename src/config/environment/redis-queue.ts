import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { toBoolean, toInteger, emptyToUndefined, toOptionalInteger } from './transforms';

/**
 * Jobs one worker process runs at once on the `maintenance` queue. Fixed:
 * housekeeping deletes in large batches, and one at a time keeps it to one
 * connection beside the live work.
 */
export const MAINTENANCE_CONCURRENCY = 1;

/** Redis, the job queues' workers and the outbox relay. */
export class QueueVariables {
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, "_" or "-"' })
  REDIS_KEY_PREFIX = 'sb';

  /** Jobs each worker process runs at once per queue, unless the queue has a setting of its own. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /**
   * calendar-sync jobs at once per worker. Each job holds a pooled connection
   * for its connection's advisory lock and needs another for its writes, so
   * it must stay below the pool size; 3 fits the embedded pool (4) and leaves
   * 7 of the default 10 for the other queues. Not 1: a tenant's hung Google
   * endpoint would stall every tenant's sync.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_CALENDAR_SYNC = 3;

  /** fleet-polling jobs (Samsara feeds, stale check, retention) at once per worker. Default: WORKER_CONCURRENCY. */
  @Transform(toOptionalInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_FLEET_POLLING?: number;

  /** notifications jobs (Slack posts) at once per worker. Default: WORKER_CONCURRENCY. */
  @Transform(toOptionalInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY_NOTIFICATIONS?: number;

  /**
   * Jobs of one organization one worker runs at once on each queue; a job
   * over it waits ORG_JOB_DEFER_MS in the queue instead of taking a slot.
   * Default: per queue, its concurrency less a quarter of it (at least one
   * slot kept for the other organizations; none on a queue of concurrency 1).
   */
  @Transform(toOptionalInteger)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  ORG_JOB_CONCURRENCY?: number;

  /** How long a job over its organization's limit waits before it is tried again (ms, ±50 %). */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  @Max(60_000)
  ORG_JOB_DEFER_MS = 1_000;

  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_RELAY_ENABLED = true;

  @Transform(toInteger)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 250;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  OUTBOX_BATCH_SIZE = 100;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_HOURS = 168;

  /**
   * How long a relay holds the outbox rows it claimed while it publishes
   * them; after it another relay may publish them again (jobs are
   * de-duplicated by id). A publish that takes longer than half of it is
   * given up and the rows retried later.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  OUTBOX_LEASE_MS = 30_000;

  /**
   * How often a worker re-asserts every repeatable schedule (fleet polls,
   * calendar syncs, maintenance), so that schedules lost with Redis's data
   * come back; it does so at once, too, when a queue's Redis connection is
   * ready again after a disconnect.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  SCHEDULE_REASSERT_INTERVAL_MS = 60_000;
}
