import { Module } from '@nestjs/common';
import { CalendarModule } from './calendar.module';
import { CalendarSyncProcessor } from './jobs/calendar-sync.processor';
import { CalendarSyncService } from './jobs/calendar-sync.service';

/** The calendar-sync processor and the sync it runs (worker side; imported by ProcessorsModule only). */
@Module({
  imports: [CalendarModule],
  providers: [CalendarSyncService, CalendarSyncProcessor],
})
export class CalendarJobsModule {}
