import { Field, ObjectType } from '@nestjs/graphql';
import { Organization } from '@/modules/organizations/organization.entity';
import { Role } from '@/access/role';
import { User } from '@/modules/users/user.entity';

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field({
    description: 'JWT (HS256), valid for at most 15 minutes. Send as `Authorization: Bearer …`.',
  })
  accessToken: string;

  @Field({ description: 'Opaque, single use: exchange it with refreshSession for a new pair.' })
  refreshToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field(() => User)
  user: User;

  @Field(() => Organization)
  organization: Organization;

  @Field(() => Role)
  role: Role;
}

/** Where a sign-in comes from, kept on the session for the user to recognise it. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}
