import { Module } from '@nestjs/common';
import { UsersModule } from '@/modules/users/users.module';
import { FleetLiveResolver } from './fleet-live.resolver';
import {
  DriversResolver,
  FleetAlertsResolver,
  FleetSettingsResolver,
  VehiclesResolver,
} from './fleet.resolver';
import { FleetModule } from './fleet.module';

/** Fleet over GraphQL: vehicles, drivers, positions, geofences, alerts, Samsara, live map (api side). */
@Module({
  imports: [FleetModule, UsersModule],
  providers: [
    VehiclesResolver,
    DriversResolver,
    FleetAlertsResolver,
    FleetSettingsResolver,
    FleetLiveResolver,
  ],
})
export class FleetApiModule {}
