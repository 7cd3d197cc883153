import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { automationRunsConfig } from '@/config/configuration';
import { QueueName } from '@/messaging/queue-names';
import {
  DesiredSchedule,
  ScheduleDeclaration,
  ScheduleSource,
} from '@/messaging/schedules/schedule-source';

/** The `scan-schedules` job every AUTOMATION_SCHEDULE_INTERVAL_MS (asserted by SchedulesService). */
@ScheduleSource({ queue: QueueName.Automations, owns: [] })
@Injectable()
export class AutomationsScheduler implements ScheduleDeclaration {
  constructor(
    @Inject(automationRunsConfig.KEY)
    private readonly config: ConfigType<typeof automationRunsConfig>,
  ) {}

  schedules(): Promise<DesiredSchedule[]> {
    return Promise.resolve([
      {
        id: 'automations-scan-schedules',
        every: this.config.scheduleIntervalMs,
        job: { name: 'scan-schedules', data: {} },
      },
    ]);
  }
}
