import {
  Args,
  ArgsType,
  Field,
  Float,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsDate, IsInt, IsOptional } from 'class-validator';
import DataLoader from 'dataloader';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { FleetAlertsArgs } from './dto/fleet-alert-filter.input';
import { UpdateFleetSettingsInput } from './dto/fleet-settings.input';
import { CreateGeofenceInput } from './dto/geofence.input';
import {
  CreateDriverInput,
  CreateVehicleInput,
  PositionInput,
  TRACK_MAX_POINTS_DESCRIPTION,
} from './dto/vehicle.input';
import { Driver } from './driver.entity';
import { FleetAlert } from './fleet-alert.entity';
import { FleetAlertsService } from './fleet-alerts.service';
import { FleetIntegration } from './fleet-integration.entity';
import { FleetSettings } from './fleet-settings.entity';
import { FleetSettingsService } from './fleet-settings.service';
import { FleetAlertConnection, Position } from './fleet-types';
import { Geofence } from './geofence.entity';
import { GeofencesService } from './geofences.service';
import { SamsaraPollingService } from './samsara-polling.service';
import { Vehicle } from './vehicle.entity';
import { MAX_POSITIONS_PER_CALL, VehiclesService } from './vehicles.service';

@ArgsType()
class TrackArgs {
  @Field()
  @IsDate()
  from: Date;

  @Field()
  @IsDate()
  to: Date;

  @Field(() => Int, { nullable: true, description: TRACK_MAX_POINTS_DESCRIPTION })
  @IsOptional()
  @IsInt()
  maxPoints?: number | null;
}

export function vehicleLoader(
  loaders: DataLoaderRegistry,
  vehicles: VehiclesService,
  organizationId: string,
): DataLoader<string, Vehicle | null> {
  return loaders.get(
    'fleet.vehicle',
    () =>
      new DataLoader<string, Vehicle | null>(async (ids) =>
        loadByIds(await vehicles.findByIds(organizationId, ids), ids),
      ),
  );
}

@Resolver(() => Vehicle)
export class VehiclesResolver {
  constructor(
    private readonly vehicleService: VehiclesService,
    private readonly geofenceService: GeofencesService,
    private readonly alerts: FleetAlertsService,
    private readonly settings: FleetSettingsService,
    private readonly samsara: SamsaraPollingService,
  ) {}

  @Query(() => [Vehicle], { description: 'By name.' })
  @RequirePermission('fleet:read')
  vehicles(@CurrentViewer() viewer: Viewer): Promise<Vehicle[]> {
    return this.vehicleService.list(viewer);
  }

  @Query(() => Vehicle, { nullable: true })
  @RequirePermission('fleet:read')
  vehicle(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Vehicle | null> {
    return this.vehicleService.get(viewer, id);
  }

  @Query(() => [Geofence])
  @RequirePermission('fleet:read')
  geofences(@CurrentViewer() viewer: Viewer): Promise<Geofence[]> {
    return this.geofenceService.list(viewer);
  }

  @Query(() => FleetAlertConnection, { description: 'Newest first.' })
  @RequirePermission('fleet:read')
  fleetAlerts(
    @CurrentViewer() viewer: Viewer,
    @Args() args: FleetAlertsArgs,
  ): Promise<FleetAlertConnection> {
    return this.alerts.list(viewer, args);
  }

  @Query(() => [FleetIntegration])
  @RequirePermission('fleet:read')
  fleetIntegrations(@CurrentViewer() viewer: Viewer): Promise<FleetIntegration[]> {
    return this.samsara.list(viewer);
  }

  @Query(() => FleetSettings, { description: 'Defaults until changed.' })
  @RequirePermission('fleet:read')
  fleetSettings(@CurrentViewer() viewer: Viewer): Promise<FleetSettings> {
    return this.settings.forViewer(viewer.organizationId);
  }

  @Mutation(() => Vehicle)
  @RequirePermission('fleet:manage')
  createVehicle(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateVehicleInput,
  ): Promise<Vehicle> {
    return this.vehicleService.create(viewer, input);
  }

  @Mutation(() => Driver)
  @RequirePermission('fleet:manage')
  createDriver(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateDriverInput,
  ): Promise<Driver> {
    return this.vehicleService.createDriver(viewer, input);
  }

  @Mutation(() => Int, {
    description:
      'Stores positions (duplicates of a stored vehicle and time are ignored); returns how many were new.',
  })
  @RequirePermission('fleet:write')
  recordPositions(
    @CurrentViewer() viewer: Viewer,
    // An array argument: the validation pipe leaves it alone (GraphQL has
    // enforced the types); VehiclesService checks count and ranges, with the
    // index in the path. Instantiating and validating 1,000 objects one by
    // one was the largest cost of a full call.
    @Args('positions', {
      type: () => [PositionInput],
      description: `At most ${MAX_POSITIONS_PER_CALL}.`,
    })
    positions: PositionInput[],
  ): Promise<number> {
    return this.vehicleService.recordPositions(viewer, positions);
  }

  @Mutation(() => Geofence)
  @RequirePermission('fleet:manage')
  createGeofence(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateGeofenceInput,
  ): Promise<Geofence> {
    return this.geofenceService.create(viewer, input);
  }

  @Mutation(() => FleetAlert)
  @RequirePermission('fleet:manage')
  acknowledgeAlert(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<FleetAlert> {
    return this.alerts.acknowledge(viewer, id);
  }

  @Mutation(() => FleetIntegration, {
    description: 'Stores the token encrypted and polls the Samsara locations feed from now on.',
  })
  @RequirePermission('fleet:manage')
  connectSamsara(
    @CurrentViewer() viewer: Viewer,
    @Args('apiToken') apiToken: string,
  ): Promise<FleetIntegration> {
    return this.samsara.connect(viewer, apiToken);
  }

  @Mutation(() => FleetSettings)
  @RequirePermission('fleet:manage')
  updateFleetSettings(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: UpdateFleetSettingsInput,
  ): Promise<FleetSettings> {
    return this.settings.update(viewer, input);
  }

  @ResolveField(() => Driver, { nullable: true })
  async driver(
    @Parent() vehicle: Vehicle,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Driver | null> {
    if (!vehicle.driverId) return null;
    return loaders
      .get(
        'fleet.driver',
        () =>
          new DataLoader<string, Driver | null>(async (ids) =>
            loadByIds(await this.vehicleService.findDriversByIds(viewer.organizationId, ids), ids),
          ),
      )
      .load(vehicle.driverId);
  }

  @ResolveField(() => Position, { nullable: true })
  lastPosition(@Parent() vehicle: Vehicle): Position | null {
    if (!vehicle.lastPositionAt || vehicle.lastLat === null || vehicle.lastLng === null) {
      return null;
    }
    return {
      at: vehicle.lastPositionAt,
      lat: vehicle.lastLat,
      lng: vehicle.lastLng,
      speedKph: vehicle.lastSpeedKph,
      heading: vehicle.lastHeading,
    };
  }

  @ResolveField(() => [Position], { description: 'Positions in [from, to], oldest first.' })
  track(@Parent() vehicle: Vehicle, @Args() args: TrackArgs): Promise<Position[]> {
    return this.vehicleService.track(
      vehicle.organizationId,
      vehicle.id,
      args.from,
      args.to,
      args.maxPoints,
    );
  }

  @ResolveField(() => Float, { nullable: true, description: "Null: the organization's default." })
  speedLimitKph(@Parent() vehicle: Vehicle): number | null {
    return vehicle.speedLimitKph;
  }
}

@Resolver(() => Driver)
export class DriversResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true })
  async user(
    @Parent() driver: Driver,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    return driver.userId ? userLoader(loaders, this.users).load(driver.userId) : null;
  }
}

@Resolver(() => FleetAlert)
export class FleetAlertsResolver {
  constructor(
    private readonly vehicles: VehiclesService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Vehicle)
  async vehicle(
    @Parent() alert: FleetAlert,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Vehicle> {
    return (await vehicleLoader(loaders, this.vehicles, alert.organizationId).load(
      alert.vehicleId,
    ))!;
  }

  @ResolveField(() => User, { nullable: true })
  async acknowledgedBy(
    @Parent() alert: FleetAlert,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    return alert.acknowledgedById
      ? userLoader(loaders, this.users).load(alert.acknowledgedById)
      : null;
  }
}

@Resolver(() => FleetSettings)
export class FleetSettingsResolver {
  @ResolveField(() => Boolean, {
    description: 'Whether a Slack webhook is set (it is never shown).',
  })
  slackWebhookConfigured(@Parent() settings: FleetSettings): boolean {
    return Boolean(settings.slackWebhookSealed);
  }
}
