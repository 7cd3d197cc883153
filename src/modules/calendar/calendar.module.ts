import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { CalendarEventCommandsService } from './calendar-event-commands.service';
import { CalendarQueriesService } from './calendar-queries.service';
import { AttendeeResolver, CalendarResolver } from './calendar.resolver';
import { CalendarSyncScheduler } from './calendar-sync.scheduler';
import { GoogleCalendarClient } from './google/google-calendar.client';
import { GoogleConnectionsService } from './google/google-connections.service';
import { GoogleOAuthController } from './google/google-oauth.controller';
import { CalendarSyncProcessor } from './jobs/calendar-sync.processor';
import { CalendarSyncService } from './jobs/calendar-sync.service';

/** Events, recurrence, availability and Google Calendar connections (api side). */
@Module({
  imports: [UsersModule, AuditModule],
  controllers: [GoogleOAuthController],
  providers: [
    CalendarQueriesService,
    CalendarEventCommandsService,
    CalendarResolver,
    AttendeeResolver,
    GoogleCalendarClient,
    GoogleConnectionsService,
    CalendarSyncScheduler,
  ],
})
export class CalendarModule {}

/** The calendar-sync processor (worker side; imported by ProcessorsModule). */
@Module({
  providers: [
    GoogleCalendarClient,
    CalendarSyncScheduler,
    CalendarSyncService,
    CalendarSyncProcessor,
  ],
})
export class CalendarJobsModule {}
