import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNumber, IsOptional, IsUrl, Max, MaxLength, Min } from 'class-validator';

@InputType('UpdateFleetSettingsInput')
export class UpdateFleetSettingsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(400)
  defaultSpeedLimitKph?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  speedingMinSeconds?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  staleAfterMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  idleAfterMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Slack incoming webhook (https://hooks.slack.com/services/…) that CRITICAL fleet alerts post to; null removes it. Stored encrypted, never shown back.',
  })
  @IsOptional()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['https', 'http'] })
  @MaxLength(500)
  slackWebhookUrl?: string | null;
}
