import {
  Args,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import type { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { Connection, ConnectionArgs, ConnectionResult } from '@/graphql/pagination';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { AddMemberInput } from './dto/add-member.input';
import { MembersService } from './members.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { organizationLoader } from './organizations.loader';
import { OrganizationsService } from './organizations.service';
import { Role } from '@/access/role';

@ObjectType('MembershipConnection')
export class MembershipConnection extends Connection(Membership, 'Membership') {}

@Resolver(() => Membership)
export class MembersResolver {
  constructor(
    private readonly membersService: MembersService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Query(() => MembershipConnection, {
    description: 'Members of the active organization, oldest first.',
  })
  @RequirePermission('organization:read')
  members(
    @CurrentViewer() viewer: Viewer,
    @Args() args: ConnectionArgs,
  ): Promise<ConnectionResult<Membership>> {
    return this.membersService.list(viewer, args);
  }

  @Mutation(() => Membership, {
    description:
      'Invites a person by email — an existing account, or a new person (name required) — and emails them the invitation. Nothing changes until they accept (acceptInvitation signed in with that verified email, or acceptInvite with the emailed token): the reply has `status: INVITED` and the invitation id as `id`. Only an owner may grant OWNER.',
  })
  @RequirePermission('members:manage')
  addMember(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: AddMemberInput,
  ): Promise<Membership> {
    return this.membersService.addMember(viewer, input);
  }

  @Mutation(() => Membership, {
    description:
      "Only an owner may change an owner's role or grant OWNER; the last owner cannot be demoted.",
  })
  @RequirePermission('members:manage')
  updateMemberRole(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID }) membershipId: string,
    @Args('role', { type: () => Role }) role: Role,
  ): Promise<Membership> {
    return this.membersService.updateMemberRole(viewer, membershipId, role);
  }

  @Mutation(() => Boolean, {
    description:
      'Removes the member and their team places; their access ends at once. Only an owner may remove an owner; the last owner cannot be removed.',
  })
  @RequirePermission('members:manage')
  removeMember(
    @CurrentViewer() viewer: Viewer,
    @Args('membershipId', { type: () => ID }) membershipId: string,
  ): Promise<boolean> {
    return this.membersService.removeMember(viewer, membershipId);
  }

  @ResolveField(() => User)
  async user(
    @Parent() membership: Membership,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    return userLoader(loaders, this.users).load(membership.userId);
  }

  @ResolveField(() => Organization)
  async organization(
    @Parent() membership: Membership,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Organization | null> {
    return organizationLoader(loaders, this.organizations).load(membership.organizationId);
  }
}
