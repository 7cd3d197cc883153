import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

@ArgsType()
export class RefreshSessionArgs {
  @Field()
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

@ArgsType()
export class AcceptInviteArgs {
  @Field()
  @IsString()
  @MaxLength(200)
  token: string;

  @Field()
  @IsString()
  @MaxLength(128)
  password: string;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@ArgsType()
export class OrganizationIdArgs {
  @Field(() => ID)
  @IsUUID()
  organizationId: string;
}

@ArgsType()
export class SetVoicePinArgs {
  @Field({ description: '4 to 8 digits.' })
  @IsString()
  @Length(4, 8)
  @Matches(/^\d+$/, { message: 'pin must contain digits only' })
  pin: string;
}
