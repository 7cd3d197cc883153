import { Module } from '@nestjs/common';
import { CalendarModule } from './calendar.module';
import { CalendarSyncProcessor } from './jobs/calendar-sync.processor';
import { CalendarConnectionLock } from './jobs/calendar-connection-lock.service';
import { CalendarPullService } from './jobs/calendar-pull.service';
import { CalendarPushService } from './jobs/calendar-push.service';
import { CalendarSyncService } from './jobs/calendar-sync.service';
import { SyncConnectionStateService } from './jobs/sync-connection-state.service';

/** The calendar-sync processor and the sync it runs (worker side; imported by ProcessorsModule only). */
@Module({
  imports: [CalendarModule],
  providers: [
    CalendarConnectionLock,
    SyncConnectionStateService,
    CalendarPullService,
    CalendarPushService,
    CalendarSyncService,
    CalendarSyncProcessor,
  ],
})
export class CalendarJobsModule {}
