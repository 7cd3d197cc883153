import { Module } from '@nestjs/common';
import { FleetNotificationsProcessor } from './jobs/fleet-notifications.processor';
import { FleetPollingProcessor } from './jobs/fleet-polling.processor';
import { FleetScheduler } from './jobs/fleet.scheduler';
import { SlackAlertReconcileProcessor } from './jobs/slack-alert-reconcile.processor';
import { FleetNotificationRepository } from './fleet-notification.repository';
import { FleetModule } from './fleet.module';
import { SlackAlertReconciler } from './slack-alert-reconciler.service';

/** The fleet's processors and schedules (worker side; imported by ProcessorsModule only). */
@Module({
  imports: [FleetModule],
  providers: [
    FleetPollingProcessor,
    FleetNotificationsProcessor,
    FleetScheduler,
    FleetNotificationRepository,
    SlackAlertReconciler,
    SlackAlertReconcileProcessor,
  ],
})
export class FleetJobsModule {}
