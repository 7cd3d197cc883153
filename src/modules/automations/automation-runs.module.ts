import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { CalendarModule } from '@/modules/calendar/calendar.module';
import { AutomationActionsModule } from './automation-actions.module';
import { AutomationDispatchService } from './automation-dispatch.service';
import { AutomationEngine } from './automation-engine.service';
import { AutomationRunRepository } from './automation-runs.repository';
import { AutomationRunsService } from './automation-runs.service';
import { EventDataLoader } from './triggers/event-data.loader';

/**
 * Running automations (core; imported by the api's AutomationRunsApiModule
 * and the worker's AutomationsJobsModule, so a process holds one instance of
 * each): run creation with its guards, the run engine, run history.
 */
@Module({
  imports: [AutomationActionsModule, AuditModule, CalendarModule],
  providers: [
    AutomationRunRepository,
    EventDataLoader,
    AutomationDispatchService,
    AutomationEngine,
    AutomationRunsService,
  ],
  exports: [
    AutomationRunRepository,
    EventDataLoader,
    AutomationDispatchService,
    AutomationEngine,
    AutomationRunsService,
    CalendarModule,
  ],
})
export class AutomationRunsModule {}
