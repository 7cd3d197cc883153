import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission, RequireUser } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import type { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { Invitation, InvitationStatus } from './invitation.entity';
import { InvitationsService } from './invitations.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { organizationLoader } from './organizations.loader';
import { OrganizationsService } from './organizations.service';

@Resolver(() => Invitation)
export class InvitationsResolver {
  constructor(
    private readonly service: InvitationsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Query(() => [Invitation], {
    description: "The active organization's invitations, newest first (at most 500).",
  })
  @RequirePermission('members:manage')
  invitations(
    @CurrentViewer() viewer: Viewer,
    @Args('status', { type: () => InvitationStatus, nullable: true })
    status?: InvitationStatus | null,
  ): Promise<Invitation[]> {
    return this.service.list(viewer, status);
  }

  @Mutation(() => Invitation, {
    description: 'Revokes an open invitation: its emailed link stops working.',
  })
  @RequirePermission('members:manage')
  revokeInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Invitation> {
    return this.service.revoke(viewer, id);
  }

  @Query(() => [Invitation], {
    description: "The caller's open invitations to other organizations.",
  })
  @RequireUser()
  myInvitations(@CurrentViewer() viewer: Viewer): Promise<Invitation[]> {
    return this.service.mine(viewer);
  }

  @Mutation(() => Membership, {
    description:
      'Accepts an invitation addressed to the caller (their email must be verified) and returns the new membership; `switchOrganization` then signs into it.',
  })
  @RequireUser()
  acceptInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Membership> {
    return this.service.accept(viewer, id);
  }

  @Mutation(() => Invitation, { description: 'Declines an invitation addressed to the caller.' })
  @RequireUser()
  declineInvitation(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Invitation> {
    return this.service.decline(viewer, id);
  }

  @ResolveField(() => Organization)
  organization(
    @Parent() invitation: Invitation,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Organization | null> {
    return organizationLoader(loaders, this.organizations).load(invitation.organizationId);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who sent it (null for an API key).' })
  async invitedBy(
    @Parent() invitation: Invitation,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    if (!invitation.invitedByUserId) return null;
    return userLoader(loaders, this.users).load(invitation.invitedByUserId);
  }
}
