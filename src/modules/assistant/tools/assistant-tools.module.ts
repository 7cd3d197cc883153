import { Module } from '@nestjs/common';
import { CalendarModule } from '@/modules/calendar/calendar.module';
import { CallsModule } from '@/modules/calls/calls.module';
import { FleetModule } from '@/modules/fleet/fleet.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { TasksModule } from '@/modules/tasks/tasks.module';
import { CalendarTools } from './calendar.tools';
import { CallTools } from './call.tools';
import { DirectoryTools } from './directory.tools';
import { FleetTools } from './fleet.tools';
import { TaskTools } from './task.tools';
import { TOOL_CATALOG, TOOL_OFFER } from './tool-definition';
import { ToolRegistry } from './tool-registry';

const PROVIDERS = [TaskTools, CalendarTools, CallTools, FleetTools, DirectoryTools, ToolRegistry];

/**
 * The assistant's tools over the domain modules' exported services
 * (AssistantModule, the MCP server and the voice/SMS doors use ToolRegistry).
 */
@Module({
  imports: [TasksModule, CalendarModule, CallsModule, FleetModule, OrganizationsModule],
  providers: [
    ...PROVIDERS,
    // What ToolGate and the planners inject: the registry under its narrow interfaces.
    { provide: TOOL_CATALOG, useExisting: ToolRegistry },
    { provide: TOOL_OFFER, useExisting: ToolRegistry },
  ],
  exports: [...PROVIDERS, TOOL_CATALOG, TOOL_OFFER],
})
export class AssistantToolsModule {}
