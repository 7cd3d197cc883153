import { ConfigType } from '@nestjs/config';
import { Job } from 'bullmq';
import { queueConfig } from '@/config/configuration';
import { workerConcurrency } from './worker-concurrency';

/**
 * Jobs of one organization `queue` runs at once in one worker: ORG_JOB_CONCURRENCY
 * if set (at most the queue's concurrency), else the queue's concurrency less a
 * quarter of it, rounded up, so at least one slot always stays open to the other
 * organizations (8 → 6, 5 → 3, 3 → 2, 2 → 1; 1 → 1, where no slot can be kept).
 */
export function orgJobLimit(config: ConfigType<typeof queueConfig>, queue: string): number {
  const concurrency = workerConcurrency(config, queue);
  if (config.orgJobConcurrency !== undefined) {
    return Math.min(config.orgJobConcurrency, concurrency);
  }
  return Math.max(1, concurrency - Math.ceil(concurrency / 4));
}

/** The organization a job is done for: its payload's `organizationId`, if it has one. */
export function organizationOf(job: Pick<Job, 'data'>): string | undefined {
  const value = (job.data as { organizationId?: unknown } | null | undefined)?.organizationId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Counts the jobs each organization has running in one worker, and refuses
 * one more past the limit: so a tenant whose provider hangs or fails holds at
 * most `limit` of the worker's slots, and the others' jobs still run. The
 * limit is read on every acquire (it follows the worker's concurrency, which
 * is set after the worker has started).
 */
export class OrganizationJobLimiter {
  private readonly running = new Map<string, number>();

  constructor(private readonly limit: () => number) {}

  /** Takes a slot for `organizationId`, or answers false when it already has `limit` jobs running. */
  tryAcquire(organizationId: string): boolean {
    const count = this.running.get(organizationId) ?? 0;
    if (count >= this.limit()) return false;
    this.running.set(organizationId, count + 1);
    return true;
  }

  /** Gives back a slot taken by tryAcquire. */
  release(organizationId: string): void {
    const count = this.running.get(organizationId) ?? 0;
    if (count <= 1) this.running.delete(organizationId);
    else this.running.set(organizationId, count - 1);
  }

  /** Jobs of `organizationId` running now. */
  active(organizationId: string): number {
    return this.running.get(organizationId) ?? 0;
  }

  /** Organizations with a job running now. */
  get organizations(): number {
    return this.running.size;
  }
}

/** A delay of about `baseMs` (±50 %), so deferred jobs do not all come back at once. */
export function deferDelay(baseMs: number, random: () => number = Math.random): number {
  return Math.round(baseMs * (0.5 + random()));
}
