import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { googleConfig } from '@/config/configuration';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import { SyncStatus } from '@/common/enums/sync-status';

const SCHEDULER_PREFIX = 'calendar-sync:';
export const schedulerIdOf = (connectionId: string): string => `${SCHEDULER_PREFIX}${connectionId}`;

/**
 * The one place the repeatable per-connection sync is declared: one BullMQ
 * job scheduler per connection (`calendar-sync:<connectionId>`), every
 * CALENDAR_SYNC_INTERVAL_MINUTES. Upserts are idempotent, so N api and worker
 * processes make one schedule. Connecting schedules, disconnecting and
 * "reconnect required" unschedule; `reconcile` (worker start-up) repairs
 * drift in both directions.
 */
@Injectable()
export class CalendarSyncScheduler {
  private readonly logger = new Logger(CalendarSyncScheduler.name);

  constructor(
    @InjectQueue(QueueName.CalendarSync) private readonly queue: Queue,
    @Inject(googleConfig.KEY) private readonly config: ConfigType<typeof googleConfig>,
    private readonly connections: CalendarConnectionRepository,
  ) {}

  async schedule(organizationId: string, connectionId: string): Promise<void> {
    const data: JobPayload<typeof QueueName.CalendarSync, 'sync-connection'> = {
      organizationId,
      connectionId,
    };
    await this.queue.upsertJobScheduler(
      schedulerIdOf(connectionId),
      { every: this.config.syncIntervalMs },
      { name: 'sync-connection', data },
    );
  }

  async unschedule(connectionId: string): Promise<void> {
    await this.queue.removeJobScheduler(schedulerIdOf(connectionId));
  }

  /** Schedules every usable connection and drops schedules of connections that are gone or broken. */
  async reconcile(): Promise<void> {
    const rows = await this.connections.statuses();
    const usable = rows.filter((row) => row.status !== SyncStatus.ERROR);
    for (const row of usable) await this.schedule(row.organizationId, row.id);
    const ids = new Set(usable.map((row) => row.id));
    for (const scheduler of await this.queue.getJobSchedulers()) {
      const key = scheduler.key ?? scheduler.id ?? '';
      const id = key.startsWith(SCHEDULER_PREFIX) ? key.slice(SCHEDULER_PREFIX.length) : null;
      if (id && !ids.has(id)) await this.queue.removeJobScheduler(key);
    }
    this.logger.log(`calendar sync scheduled for ${usable.length} connection(s)`);
  }
}
