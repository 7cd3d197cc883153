import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import { CalendarEventRepository } from './calendar-event.repository';
import { CalendarMemberRepository } from './calendar-member.repository';
import { CalendarEventCommandsService } from './calendar-event-commands.service';
import { CalendarQueriesService } from './calendar-queries.service';
import { CalendarSyncScheduler } from './calendar-sync.scheduler';
import { GoogleCalendarClient } from './google/google-calendar.client';
import { GoogleConnectionsService } from './google/google-connections.service';
import { OAuthStateRepository } from './google/oauth-state.repository';

const REPOSITORIES = [
  CalendarEventRepository,
  CalendarConnectionRepository,
  CalendarMemberRepository,
  OAuthStateRepository,
];

const SERVICES = [
  ...REPOSITORIES,
  CalendarQueriesService,
  CalendarEventCommandsService,
  GoogleCalendarClient,
  GoogleConnectionsService,
  CalendarSyncScheduler,
];

/**
 * The calendar core: events, recurrence, availability and Google Calendar
 * connections, one instance each per process. CalendarApiModule (resolvers,
 * OAuth callback) and CalendarJobsModule (the sync processor) import it.
 */
@Module({
  imports: [AuditModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class CalendarModule {}
