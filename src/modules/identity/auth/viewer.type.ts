import { Field, ObjectType } from '@nestjs/graphql';
import { Membership } from '@/modules/organizations/membership.entity';
import { Organization } from '@/modules/organizations/organization.entity';
import { Role } from '@/access/role';
import { User } from '@/modules/users/user.entity';

/** `me`: the signed-in user, the organization the token acts in, their role there, and all their memberships. */
@ObjectType('Viewer')
export class ViewerType {
  @Field(() => User)
  user: User;

  @Field(() => Organization)
  organization: Organization;

  @Field(() => Role)
  role: Role;

  @Field(() => [Membership])
  memberships: Membership[];
}
