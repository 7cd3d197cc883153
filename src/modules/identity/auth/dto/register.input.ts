import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, IsTimeZone, Length, MaxLength } from 'class-validator';

@InputType('RegisterInput')
export class RegisterInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** The policy itself (length, no email) is checked by the service, with a clear message. */
  @Field()
  @IsString()
  @MaxLength(128)
  password: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field()
  @IsString()
  @Length(1, 200)
  organizationName: string;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone, e.g. Europe/Paris. Default UTC.',
  })
  @IsOptional()
  @IsTimeZone()
  timezone?: string | null;
}
