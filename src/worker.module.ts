import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core.module';
import { CalendarJobsModule } from '@/modules/calendar/calendar-jobs.module';
import { CallsJobsModule } from '@/modules/calls/jobs/calls-jobs.module';
import { FleetJobsModule } from '@/modules/fleet/fleet-jobs.module';
import { MaintenanceProcessor } from '@/messaging/jobs/maintenance.processor';
import { OutboxPruneProcessor } from '@/messaging/jobs/outbox-prune.processor';
import { MaintenanceScheduler } from '@/messaging/maintenance.scheduler';

/**
 * Every BullMQ processor and repeatable schedule. Registered only in worker
 * processes (`src/worker.ts`, or `npm start`, which runs both in one). The
 * jobs modules import their domain's core module, which the api's modules
 * import too, so one process holds one instance of each service.
 */
@Module({
  imports: [DiscoveryModule, CalendarJobsModule, CallsJobsModule, FleetJobsModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler, OutboxPruneProcessor],
})
export class ProcessorsModule {}

@Module({ imports: [CoreModule, ProcessorsModule] })
export class WorkerModule {}
