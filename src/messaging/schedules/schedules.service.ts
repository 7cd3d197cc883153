import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { queueConfig } from '@/config/configuration';
import { QueueRegistry } from '../queue-registry.service';
import {
  DesiredSchedule,
  discoverScheduleSources,
  ScheduleDeclaration,
  ScheduleSourceOptions,
} from './schedule-source';

/**
 * The one place repeatable schedules are installed (worker processes):
 * every @ScheduleSource's schedules are asserted at start, every
 * SCHEDULE_REASSERT_INTERVAL_MS, and at once when a queue's Redis connection
 * is ready again after a disconnect. Asserting is idempotent (N workers make
 * one schedule each): a missing schedule, or one whose interval changed, is
 * upserted; an existing one is left alone (its next run keeps its time); one
 * the source owns but no longer declares is removed. Schedulers are listed
 * before the source is read, so one created meanwhile (a new connection's
 * first job) is never taken for stale.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SchedulesService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queues: QueueRegistry,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queues.onReconnect((queue) => {
      this.logger.log(`queue ${queue.name} reconnected: re-asserting schedules`);
      void this.reassert();
    });
    this.timer = setInterval(() => void this.reassert(), this.config.scheduleReassertIntervalMs);
    this.timer.unref();
    await this.reassert();
  }

  /**
   * Stops asserting. An assertion in flight is not waited for: it is
   * idempotent, and with Redis down it would hold shutdown up.
   */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Asserts every source's schedules; a call while one runs makes one more run after it. */
  reassert(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.assertAll();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async assertAll(): Promise<void> {
    for (const { options, source, name } of discoverScheduleSources(this.discovery)) {
      if (this.stopped) return;
      try {
        await this.assertSource(options, source);
      } catch (error) {
        // Not fatal: the next interval or reconnect tries again.
        this.logger.warn(`schedules of ${name} not asserted: ${(error as Error).message}`);
      }
    }
  }

  private async assertSource(
    options: ScheduleSourceOptions,
    source: ScheduleDeclaration,
  ): Promise<void> {
    const queue = this.queues.get(options.queue);
    const existing = new Map(
      (await queue.getJobSchedulers()).map((scheduler) => [
        scheduler.key ?? scheduler.id ?? '',
        scheduler,
      ]),
    );
    const desired: DesiredSchedule[] = await source.schedules();
    const wanted = new Set(desired.map((schedule) => schedule.id));
    let created = 0;
    for (const schedule of desired) {
      if (Number(existing.get(schedule.id)?.every) === schedule.every) continue;
      await queue.upsertJobScheduler(
        schedule.id,
        { every: schedule.every, ...(schedule.startDate ? { startDate: schedule.startDate } : {}) },
        { name: schedule.job.name, data: schedule.job.data },
      );
      created += 1;
    }
    let removed = 0;
    for (const id of existing.keys()) {
      if (wanted.has(id) || !options.owns.some((prefix) => id.startsWith(prefix))) continue;
      await queue.removeJobScheduler(id);
      removed += 1;
    }
    if (created + removed > 0) {
      this.logger.log(
        `queue ${options.queue}: ${created} schedule(s) installed, ${removed} removed`,
      );
    }
  }
}
