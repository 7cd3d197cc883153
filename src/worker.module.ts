import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core.module';
import { CalendarJobsModule } from '@/modules/calendar/calendar-jobs.module';
import { CallsJobsModule } from '@/modules/calls/jobs/calls-jobs.module';
import { FleetJobsModule } from '@/modules/fleet/fleet-jobs.module';
import { AssistantJobsModule } from '@/modules/assistant/assistant-jobs.module';
import { SmsJobsModule } from '@/modules/phone/sms/sms-jobs.module';
import { VoiceJobsModule } from '@/modules/phone/voice/voice-jobs.module';
import { AutomationsJobsModule } from '@/modules/automations/automations-jobs.module';
import { MaintenanceProcessor } from '@/messaging/jobs/maintenance.processor';
import { OutboxPruneProcessor } from '@/messaging/jobs/outbox-prune.processor';
import { MaintenanceScheduler } from '@/messaging/maintenance.scheduler';
import { SchedulesService } from '@/messaging/schedules/schedules.service';

/**
 * Every BullMQ processor, and SchedulesService, which installs every
 * @ScheduleSource's repeatable schedules. Registered only in worker
 * processes (`src/worker.ts`, or `npm start`, which runs both in one). The
 * jobs modules import their domain's core module, which the api's modules
 * import too, so one process holds one instance of each service.
 */
@Module({
  imports: [
    DiscoveryModule,
    CalendarJobsModule,
    CallsJobsModule,
    FleetJobsModule,
    AssistantJobsModule,
    SmsJobsModule,
    VoiceJobsModule,
    AutomationsJobsModule,
  ],
  providers: [MaintenanceProcessor, MaintenanceScheduler, OutboxPruneProcessor, SchedulesService],
})
export class ProcessorsModule {}

@Module({ imports: [CoreModule, ProcessorsModule] })
export class WorkerModule {}
