import { Field, Float, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEnum,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';
import { CallDirection, Speaker } from '../../calls.enums';

export const MAX_SEGMENTS = 5000;

@InputType('TranscriptSegmentInput')
export class TranscriptSegmentInput {
  @Field(() => Speaker)
  @IsEnum(Speaker)
  speaker: Speaker;

  @Field()
  @IsString()
  @MaxLength(10_000)
  text: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  startSec: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  endSec: number;
}

@InputType('ImportCallInput')
export class ImportCallInput {
  @Field(() => CallDirection)
  @IsEnum(CallDirection)
  direction: CallDirection;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  from: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  to: string;

  @OptionalId('A member of the organization.')
  agentId?: string | null;

  @OptionalId('A campaign of the organization; scored against its scorecard.')
  campaignId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  endedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  @MaxLength(2000)
  recordingUrl?: string | null;

  @Field(() => [TranscriptSegmentInput], {
    description: 'In time order; one speaker never overlaps itself; endSec ≥ startSec.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_SEGMENTS)
  @ValidateNested({ each: true })
  @Type(() => TranscriptSegmentInput)
  transcript: TranscriptSegmentInput[];

  @Field(() => String, {
    nullable: true,
    description:
      'Your id for the call: importing the same externalId again returns the first call.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string | null;
}
