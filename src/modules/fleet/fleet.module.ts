import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { FleetAlertRepository } from './fleet-alert.repository';
import { FleetAlertsService } from './fleet-alerts.service';
import { FleetIntegrationRepository } from './fleet-integration.repository';
import { FleetSettingsRepository } from './fleet-settings.repository';
import { FleetSettingsService } from './fleet-settings.service';
import { GeofenceRepository } from './geofence.repository';
import { GeofencesService } from './geofences.service';
import { PositionIngestService } from './position-ingest.service';
import { SamsaraPollingService } from './samsara-polling.service';
import { SamsaraApi } from './samsara.client';
import { VehiclePositionRepository } from './vehicle-position.repository';
import { VehicleRepository } from './vehicle.repository';
import { VehiclesService } from './vehicles.service';

const REPOSITORIES = [
  VehicleRepository,
  VehiclePositionRepository,
  GeofenceRepository,
  FleetAlertRepository,
  FleetSettingsRepository,
  FleetIntegrationRepository,
];

const SERVICES = [
  FleetSettingsService,
  PositionIngestService,
  VehiclesService,
  GeofencesService,
  FleetAlertsService,
  SamsaraApi,
  SamsaraPollingService,
];

/**
 * The fleet core: vehicles, drivers, positions, geofences, alerts and Samsara
 * services, one instance each per process. FleetApiModule (resolvers) and
 * FleetJobsModule (processors) import it, so `npm start` (api and worker in
 * one process) shares these singletons instead of making two of each.
 */
@Module({
  imports: [AuditModule, OrganizationsModule],
  providers: [...REPOSITORIES, ...SERVICES],
  exports: SERVICES,
})
export class FleetModule {}
