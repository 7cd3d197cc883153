import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';
import { ConnectionArgs } from '@/graphql/pagination';
import { AlertKind } from '../fleet.enums';

@InputType('FleetAlertFilter')
export class FleetAlertFilter {
  @OptionalId()
  vehicleId?: string | null;

  @Field(() => [AlertKind], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AlertKind, { each: true })
  kind?: AlertKind[] | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  acknowledged?: boolean | null;
}

@ArgsType()
export class FleetAlertsArgs extends ConnectionArgs {
  @Field(() => FleetAlertFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FleetAlertFilter)
  filter?: FleetAlertFilter | null;
}
