import { Field, Float, InputType } from '@nestjs/graphql';
import { IsEnum, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLJSON } from '@/graphql/scalars';
import { CriterionKind } from '../../calls.enums';

@InputType('CriterionInput')
export class CriterionInput {
  @Field({ description: 'snake_case, unique within the scorecard.' })
  @IsString()
  @MaxLength(64)
  key: string;

  @Field({ description: 'What is judged; for LLM_JUDGED, the question put to the judge.' })
  @IsString()
  @MaxLength(2000)
  description: string;

  @Field(() => CriterionKind)
  @IsEnum(CriterionKind)
  kind: CriterionKind;

  @Field(() => Float, {
    description: 'Relative weight above 0; the scorecard scales weights to add up to 100.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  weight: number;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description:
      'Per kind: PHRASE_REQUIRED {phrases, speaker?, withinSec?}; PHRASE_FORBIDDEN {phrases, speaker?}; METRIC_THRESHOLD {metric, op, value}; LLM_JUDGED null or {guidance}.',
  })
  @IsOptional()
  config?: unknown;
}
