import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsTimeZone, Length, Matches, ValidateIf } from 'class-validator';

@InputType('UpdateProfileInput', { description: 'Only the fields given change.' })
export class UpdateProfileInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'E.164, e.g. +14155550100; null clears it. The voice and SMS assistant recognise a caller by it.',
  })
  @ValidateIf((input: UpdateProfileInput) => input.phone !== null && input.phone !== undefined)
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 form, e.g. +14155550100' })
  phone?: string | null;

  @Field({ nullable: true, description: 'IANA time zone, e.g. Europe/Paris.' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;
}
