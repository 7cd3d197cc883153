import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { samsaraConfig } from '@/config/configuration';
import { QueueName } from '@/messaging/queue-names';
import {
  DesiredSchedule,
  ScheduleDeclaration,
  ScheduleSource,
} from '@/messaging/schedules/schedule-source';
import { pollSchedulerId, SamsaraPollingService } from '../samsara-polling.service';

/**
 * Fleet schedules, asserted by SchedulesService (at worker start, every
 * SCHEDULE_REASSERT_INTERVAL_MS and after a Redis reconnect): the stale
 * check, position retention, and the Samsara poll of every connected
 * organization; the poll of an organization no longer connected is removed.
 */
@ScheduleSource({ queue: QueueName.FleetPolling, owns: [pollSchedulerId('')] })
@Injectable()
export class FleetScheduler implements ScheduleDeclaration {
  constructor(
    private readonly samsara: SamsaraPollingService,
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
  ) {}

  async schedules(): Promise<DesiredSchedule[]> {
    return [
      {
        id: 'fleet-check-stale',
        every: this.config.staleCheckIntervalMs,
        job: { name: 'check-stale', data: {} },
      },
      {
        id: 'fleet-prune-positions',
        every: this.config.retentionIntervalMs,
        job: { name: 'prune-positions', data: {} },
      },
      ...(await this.samsara.pollSchedules()),
    ];
  }
}
