import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { FleetAlertsService } from './fleet-alerts.service';
import { FleetLiveResolver } from './fleet-live.resolver';
import { FleetSettingsService } from './fleet-settings.service';
import {
  DriversResolver,
  FleetAlertsResolver,
  FleetSettingsResolver,
  VehiclesResolver,
} from './fleet.resolver';
import { GeofencesService } from './geofences.service';
import { FleetNotificationsProcessor } from './jobs/fleet-notifications.processor';
import { FleetPollingProcessor } from './jobs/fleet-polling.processor';
import { FleetScheduler } from './jobs/fleet.scheduler';
import { PositionIngestService } from './position-ingest.service';
import { SamsaraPollingService } from './samsara-polling.service';
import { SamsaraApi } from './samsara.client';
import { VehiclesService } from './vehicles.service';

const SERVICES = [
  FleetSettingsService,
  PositionIngestService,
  VehiclesService,
  GeofencesService,
  FleetAlertsService,
  SamsaraApi,
  SamsaraPollingService,
];

/** Fleet: vehicles, drivers, positions, geofences, alerts, Samsara, live map (api side). */
@Module({
  imports: [UsersModule, AuditModule, OrganizationsModule],
  providers: [
    ...SERVICES,
    VehiclesResolver,
    DriversResolver,
    FleetAlertsResolver,
    FleetSettingsResolver,
    FleetLiveResolver,
  ],
  exports: SERVICES,
})
export class FleetModule {}

/** The fleet's processors and schedules (worker side). */
@Module({
  imports: [AuditModule, OrganizationsModule],
  providers: [...SERVICES, FleetPollingProcessor, FleetNotificationsProcessor, FleetScheduler],
})
export class FleetJobsModule {}
