import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Args, ArgsType, Field, ID, Resolver, Subscription } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { PubSubEngine } from 'graphql-subscriptions';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { samsaraConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { FleetAlert } from './fleet-alert.entity';
import {
  FleetAlertEvent,
  fleetAlertTopic,
  LivePosition,
  VehiclePositionsEvent,
  vehiclePositionsTopic,
} from './fleet-topics';
import { VehiclePositionUpdate } from './fleet-types';
import { Vehicle } from './vehicle.entity';
import { Coalescer } from './live-coalescer';

@ArgsType()
class VehiclePositionsArgs {
  @Field(() => [ID], {
    nullable: true,
    description: "Only these vehicles; all of the organization's when omitted.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  vehicleIds?: string[] | null;
}

/** One vehicle's update as it travels from the coalescer to `resolve`. */
interface PositionMessage {
  /** `<outbox event id>:<vehicle id>`: subscribers of one shape share its resolution. */
  eventId: string;
  organizationId: string;
  position: LivePosition;
}

type AlertMessage = OutboxMessage<FleetAlertEvent>;

/**
 * The live map. Both topics are the viewer's organization's own and carry
 * only committed data (they leave through the outbox). Positions come in
 * batches (newest position of each vehicle a commit moved), are filtered to
 * the requested vehicles, and are coalesced per subscriber: the newest
 * position per vehicle, at most once per FLEET_LIVE_MIN_INTERVAL_MS.
 */
@Resolver(() => VehiclePositionUpdate)
export class FleetLiveResolver {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly tenants: TenantScope,
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
  ) {}

  @RequirePermission('fleet:read')
  @Subscription(() => VehiclePositionUpdate, {
    resolve(this: FleetLiveResolver, message: PositionMessage): Promise<VehiclePositionUpdate> {
      return this.describePosition(message);
    },
  })
  async vehiclePositions(
    @CurrentViewer() viewer: Viewer,
    @Args() { vehicleIds }: VehiclePositionsArgs,
  ): Promise<AsyncIterableIterator<PositionMessage>> {
    const wanted = vehicleIds?.length ? new Set(vehicleIds) : null;
    if (wanted) {
      // Another organization's vehicle (or none) is refused, not silently watched.
      const found = await this.tenants
        .for(viewer)
        .repository(Vehicle)
        .findByIds([...wanted]);
      const known = new Set(found.map((vehicle) => vehicle.id));
      const missing = [...wanted].find((id) => !known.has(id));
      if (missing) throw new NotFoundError('Vehicle', missing);
    }
    const organizationId = viewer.organizationId;
    const source = this.pubSub.asyncIterableIterator<OutboxMessage<VehiclePositionsEvent>>(
      vehiclePositionsTopic(organizationId),
    );
    return new Coalescer<OutboxMessage<VehiclePositionsEvent>, PositionMessage>(
      source,
      function* (message) {
        for (const position of message.payload.positions ?? []) {
          if (wanted && !wanted.has(position.vehicleId)) continue;
          yield { eventId: `${message.eventId}:${position.vehicleId}`, organizationId, position };
        }
      },
      (message) => message.position.vehicleId,
      this.config.liveMinIntervalMs,
    );
  }

  @RequirePermission('fleet:read')
  @Subscription(() => FleetAlert, {
    resolve(this: FleetLiveResolver, message: AlertMessage): Promise<FleetAlert> {
      return this.describeAlert(message);
    },
  })
  fleetAlertRaised(@CurrentViewer() viewer: Viewer): AsyncIterableIterator<AlertMessage> {
    return this.pubSub.asyncIterableIterator<AlertMessage>(fleetAlertTopic(viewer.organizationId));
  }

  private async describePosition(message: PositionMessage): Promise<VehiclePositionUpdate> {
    const vehicle = await this.tenants
      .for({ organizationId: message.organizationId })
      .repository(Vehicle)
      .get(message.position.vehicleId, 'Vehicle');
    const { at, lat, lng, speedKph, heading } = message.position;
    return { vehicle, position: { at: new Date(at), lat, lng, speedKph, heading } };
  }

  private describeAlert(message: AlertMessage): Promise<FleetAlert> {
    return this.tenants
      .for({ organizationId: message.organizationId! })
      .repository(FleetAlert)
      .get(message.payload.alertId, 'FleetAlert');
  }
}
