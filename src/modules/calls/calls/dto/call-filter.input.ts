import { ArgsType, Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDate,
  IsEnum,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';
import { ConnectionArgs } from '@/graphql/pagination';
import { CallStatus, ScoreStatus } from '../../calls.enums';

@InputType('CallFilter')
export class CallFilter {
  @OptionalId()
  campaignId?: string | null;

  @OptionalId()
  agentId?: string | null;

  @Field(() => [CallStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(CallStatus, { each: true })
  status?: CallStatus[] | null;

  @Field(() => [ScoreStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ScoreStatus, { each: true })
  scoreStatus?: ScoreStatus[] | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Started (or created, when never started) at or after.',
  })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Started (or created) strictly before.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Latest overall score at least this (0..100).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  minScore?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Latest overall score at most this (0..100).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  maxScore?: number | null;
}

@ArgsType()
export class CallsArgs extends ConnectionArgs {
  @Field(() => CallFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallFilter)
  filter?: CallFilter | null;
}
