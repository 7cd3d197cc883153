import { Module } from '@nestjs/common';
import { FleetNotificationsProcessor } from './jobs/fleet-notifications.processor';
import { FleetPollingProcessor } from './jobs/fleet-polling.processor';
import { FleetScheduler } from './jobs/fleet.scheduler';
import { FleetModule } from './fleet.module';

/** The fleet's processors and schedules (worker side; imported by ProcessorsModule only). */
@Module({
  imports: [FleetModule],
  providers: [FleetPollingProcessor, FleetNotificationsProcessor, FleetScheduler],
})
export class FleetJobsModule {}
