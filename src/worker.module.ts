import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { CallsJobsModule } from '@/modules/calls/jobs/calls-jobs.module';
import { MaintenanceProcessor } from '@/messaging/jobs/outbox-prune.processor';
import { MaintenanceScheduler } from '@/messaging/maintenance.scheduler';
import { FleetJobsModule } from '@/modules/fleet/fleet.module';
import { CalendarJobsModule } from '@/modules/calendar/calendar.module';

/**
 * Every BullMQ processor and repeatable schedule. Registered only in worker
 * processes (`src/worker.ts`, or `npm start`, which runs both in one).
 */
@Module({
  imports: [CalendarJobsModule, CallsJobsModule, FleetJobsModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler],
})
export class ProcessorsModule {}

@Module({ imports: [CoreModule, ProcessorsModule] })
export class WorkerModule {}
