import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
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

  @Field(() => [CriterionInput])
  @IsArray()
  @ArrayMaxSize(MAX_CRITERIA)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria: CriterionInput[];
}
