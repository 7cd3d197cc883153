import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { GraphQLJSON } from '@/graphql/scalars';

@InputType('CreateGeofenceInput')
export class CreateGeofenceInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  /** Validated by the service (geometry.ts), with paths into the polygon. */
  @Field(() => GraphQLJSON, {
    description: 'A GeoJSON Polygon: closed rings of ≥ 4 [lng, lat] positions.',
  })
  geometry: unknown;
}
