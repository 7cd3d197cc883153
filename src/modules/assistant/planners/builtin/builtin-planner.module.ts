import { Module } from '@nestjs/common';
import { CalendarModule } from '@/modules/calendar/calendar.module';
import { CallsModule } from '@/modules/calls/calls.module';
import { FleetModule } from '@/modules/fleet/fleet.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { TasksModule } from '@/modules/tasks/tasks.module';
import { BuiltinDirectoryService } from './builtin-directory.service';
import { BuiltinPlanner } from './builtin.planner';

/** The built-in planner and the directory it resolves names against; AssistantModule picks the planner. */
@Module({
  imports: [OrganizationsModule, TasksModule, CalendarModule, FleetModule, CallsModule],
  providers: [BuiltinDirectoryService, BuiltinPlanner],
  exports: [BuiltinPlanner],
})
export class BuiltinPlannerModule {}
