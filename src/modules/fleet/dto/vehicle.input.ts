import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsDate,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';
import { VIN_PATTERN } from '../geometry';

const trimUpper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

@InputType('CreateVehicleInput')
export class CreateVehicleInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: '17 characters, no I, O or Q.' })
  @IsOptional()
  @Transform(trimUpper)
  @Matches(VIN_PATTERN, {
    message: 'vin must be 17 characters: digits and letters except I, O and Q',
  })
  vin?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  licensePlate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The provider's vehicle id (Samsara), which feed positions are matched by.",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Creates a driver of this name.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  driverName?: string | null;

  @OptionalId('An existing driver (not together with driverName).')
  driverId?: string | null;

  @Field(() => Float, { nullable: true, description: "The organization's default when omitted." })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(400)
  speedLimitKph?: number | null;
}

@InputType('CreateDriverInput')
export class CreateDriverInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @OptionalId('A member of the organization who is this driver.')
  userId?: string | null;
}

@InputType('PositionInput')
export class PositionInput {
  @Field(() => ID)
  @IsUUID()
  vehicleId: string;

  @Field()
  @IsDate()
  at: Date;

  // Range checks are the service's (with the position's index in the path);
  // here only the type.
  @Field(() => Float)
  @IsNumber()
  lat: number;

  @Field(() => Float)
  @IsNumber()
  lng: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  speedKph?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(360)
  heading?: number | null;
}

export const DEFAULT_TRACK_POINTS = 1000;
export const MAX_TRACK_POINTS = 10_000;
export const TRACK_MAX_POINTS_DESCRIPTION = `At most this many points (default ${DEFAULT_TRACK_POINTS}, at most ${MAX_TRACK_POINTS}), evenly thinned in SQL.`;
