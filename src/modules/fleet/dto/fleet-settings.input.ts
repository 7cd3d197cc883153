import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNumber, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

/** The only webhook URLs accepted: Slack's own host, https, a services path. */
export const SLACK_WEBHOOK_URL = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9_/-]+$/;

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
      'Slack incoming webhook (https://hooks.slack.com/services/…, nothing else) that CRITICAL fleet alerts post to; null removes it. Stored encrypted, never shown back.',
  })
  @IsOptional()
  @Matches(SLACK_WEBHOOK_URL, {
    message: 'must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)',
  })
  @MaxLength(500)
  slackWebhookUrl?: string | null;
}
