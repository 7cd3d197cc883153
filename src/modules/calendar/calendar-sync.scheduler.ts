import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { googleConfig } from '@/config/configuration';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import {
  DesiredSchedule,
  ScheduleDeclaration,
  ScheduleSource,
} from '@/messaging/schedules/schedule-source';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import { SyncStatus } from '@/common/enums/sync-status';

const SCHEDULER_PREFIX = 'calendar-sync:';
export const schedulerIdOf = (connectionId: string): string => `${SCHEDULER_PREFIX}${connectionId}`;

/**
 * The one place the repeatable per-connection sync is declared: one BullMQ
 * job scheduler per connection (`calendar-sync:<connectionId>`), every
 * CALENDAR_SYNC_INTERVAL_MINUTES. Upserts are idempotent, so N api and worker
 * processes make one schedule. Connecting schedules, disconnecting and
 * "reconnect required" unschedule; as a @ScheduleSource it lets
 * SchedulesService repair drift in both directions (Redis that lost its
 * data included).
 */
@ScheduleSource({ queue: QueueName.CalendarSync, owns: [SCHEDULER_PREFIX] })
@Injectable()
export class CalendarSyncScheduler implements ScheduleDeclaration {
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

  /**
   * One schedule per usable connection (SchedulesService installs missing
   * ones and drops those of connections that are gone or broken, at worker
   * start, periodically and after a Redis reconnect).
   */
  async schedules(): Promise<DesiredSchedule[]> {
    const rows = await this.connections.statuses();
    return rows
      .filter((row) => row.status !== SyncStatus.ERROR)
      .map((row) => ({
        id: schedulerIdOf(row.id),
        every: this.config.syncIntervalMs,
        job: {
          name: 'sync-connection',
          data: { organizationId: row.organizationId, connectionId: row.id },
        },
      }));
  }
}
