import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType('LoginInput')
export class LoginInput {
  /** Not checked for shape: an unknown email must look exactly like a wrong password. */
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MaxLength(1024)
  password: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Sign in to this organization (default: the oldest membership).',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;
}
