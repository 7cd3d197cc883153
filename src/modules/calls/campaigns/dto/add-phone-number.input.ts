import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';

const VOICE = 'Callers reach the voice assistant (caller ID and voice PIN) instead of an agent.';
const SMS = 'Text messages reach the assistant (a voice PIN unlocks the sender for a while).';

@InputType('AddPhoneNumberInput')
export class AddPhoneNumberInput {
  @Field({ description: 'The Twilio number in E.164, e.g. +14155550100.' })
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'number must be in E.164 form, e.g. +14155550100' })
  number: string;

  @OptionalId('Calls on this number join this campaign.')
  campaignId?: string | null;

  @Field({ nullable: true, description: `${VOICE} Default false.` })
  @IsOptional()
  @IsBoolean()
  voiceAssistant?: boolean;

  @Field({ nullable: true, description: `${SMS} Default false.` })
  @IsOptional()
  @IsBoolean()
  smsAssistant?: boolean;
}

@InputType('UpdatePhoneNumberInput', {
  description:
    'Only the fields given change; campaignId null detaches the number from its campaign.',
})
export class UpdatePhoneNumberInput {
  @OptionalId('Calls on this number join this campaign; null for none.')
  campaignId?: string | null;

  @Field({ nullable: true, description: VOICE })
  @IsOptional()
  @IsBoolean()
  voiceAssistant?: boolean;

  @Field({ nullable: true, description: SMS })
  @IsOptional()
  @IsBoolean()
  smsAssistant?: boolean;
}
