import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';

/** The organization's settings; a field left out keeps its value. */
@InputType('UpdateOrganizationSettingsInput')
export class UpdateOrganizationSettingsInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Redact card numbers, codes, SSNs and account numbers from call transcripts.',
  })
  @IsOptional()
  @IsBoolean()
  redactTranscripts?: boolean | null;
}
