import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { OptionalId } from '@/common/validation/optional-id.decorator';

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

  @OptionalId('Sign in to this organization (default: the oldest membership).')
  organizationId?: string | null;
}
