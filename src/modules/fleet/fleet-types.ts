import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Connection } from '@/graphql/pagination';
import { FleetAlert } from './fleet-alert.entity';
import { Vehicle } from './vehicle.entity';

@ObjectType('Position')
export class Position {
  @Field()
  at: Date;

  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lng: number;

  @Field(() => Float, { nullable: true })
  speedKph: number | null;

  @Field(() => Float, { nullable: true, description: 'Degrees clockwise from north.' })
  heading: number | null;
}

@ObjectType('VehiclePositionUpdate')
export class VehiclePositionUpdate {
  @Field(() => Vehicle)
  vehicle: Vehicle;

  @Field(() => Position)
  position: Position;
}

@ObjectType('FleetAlertConnection')
export class FleetAlertConnection extends Connection(FleetAlert, 'FleetAlert') {}
