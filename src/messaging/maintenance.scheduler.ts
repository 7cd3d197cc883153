import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverMaintenanceJobs } from './maintenance-job';
import { QueueName } from './queue-names';
import { DesiredSchedule, ScheduleDeclaration, ScheduleSource } from './schedules/schedule-source';

/** The schedule of every @MaintenanceJob (asserted by SchedulesService). */
@ScheduleSource({ queue: QueueName.Maintenance, owns: [] })
@Injectable()
export class MaintenanceScheduler implements ScheduleDeclaration {
  constructor(private readonly discovery: DiscoveryService) {}

  schedules(): Promise<DesiredSchedule[]> {
    return Promise.resolve(
      discoverMaintenanceJobs(this.discovery).map(({ options }) => ({
        id: options.name,
        every: options.everyMs,
        job: { name: options.name, data: {} },
      })),
    );
  }
}
