import { Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';

@InputType('AddPhoneNumberInput')
export class AddPhoneNumberInput {
  @Field({ description: 'The Twilio number in E.164, e.g. +14155550100.' })
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'number must be in E.164 form, e.g. +14155550100' })
  number: string;

  @OptionalId('Calls on this number join this campaign.')
  campaignId?: string | null;
}
