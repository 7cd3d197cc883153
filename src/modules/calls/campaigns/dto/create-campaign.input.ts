import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ScoringMode } from '../../calls.enums';
import { MAX_CRITERIA } from '../criteria';
import { CriterionInput } from './criterion.input';

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field({ description: '1 to 200 characters.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  script?: string | null;

  @Field(() => ScoringMode, { nullable: true, description: 'REALTIME when left out.' })
  @IsOptional()
  @IsEnum(ScoringMode)
  scoringMode?: ScoringMode | null;

  @Field(() => [CriterionInput])
  @IsArray()
  @ArrayMaxSize(MAX_CRITERIA)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria: CriterionInput[];
}

/** Changes to a campaign's settings; a field left out (or null) is kept. The scorecard has updateScorecard. */
@InputType('UpdateCampaignInput')
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true, description: '1 to 200 characters.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'An empty string removes the script.' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  script?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => ScoringMode, {
    nullable: true,
    description:
      'Calls queued for scoring from now on use the new mode; calls already collected for a batch stay in it.',
  })
  @IsOptional()
  @IsEnum(ScoringMode)
  scoringMode?: ScoringMode | null;
}
