import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ReadsFromParent } from '@/graphql/dataloader/relation-field';
import DataLoader from 'dataloader';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import type { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { CreateTeamInput } from './dto/create-team.input';
import { TeamRole } from '@/access/role';
import { Team, TeamMember } from './team.entity';
import { TeamsService } from './teams.service';

@Resolver(() => Team)
export class TeamsResolver {
  constructor(private readonly teamsService: TeamsService) {}

  @Query(() => [Team], { description: 'Teams of the active organization, by name.' })
  @RequirePermission('organization:read')
  teams(@CurrentViewer() viewer: Viewer): Promise<Team[]> {
    return this.teamsService.list(viewer);
  }

  @Query(() => Team, {
    nullable: true,
    description: 'Null when no team of the active organization has this id.',
  })
  @RequirePermission('organization:read')
  team(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Team | null> {
    return this.teamsService.get(viewer, id);
  }

  @Mutation(() => Team)
  @RequirePermission('teams:manage')
  createTeam(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateTeamInput,
  ): Promise<Team> {
    return this.teamsService.create(viewer, input);
  }

  @Mutation(() => Team, {
    description:
      'Puts a member of the organization in the team (MEMBER unless `role` says LEAD); for someone already in it, sets their team role.',
  })
  @RequirePermission('teams:manage')
  addTeamMember(
    @CurrentViewer() viewer: Viewer,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => TeamRole, nullable: true }) role?: TeamRole | null,
  ): Promise<Team> {
    return this.teamsService.addMember(viewer, teamId, userId, role ?? undefined);
  }

  @Mutation(() => Team)
  @RequirePermission('teams:manage')
  removeTeamMember(
    @CurrentViewer() viewer: Viewer,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<Team> {
    return this.teamsService.removeMember(viewer, teamId, userId);
  }

  @ResolveField(() => [TeamMember])
  @ReadsFromParent()
  members(
    @Parent() team: Team,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<TeamMember[]> {
    // Scoped by the viewer's organization, not the parent row's, so a team
    // reached through any path only ever shows members of the caller's tenant.
    const loader = loaders.get(
      'team.members',
      () =>
        new DataLoader<string, TeamMember[]>((teamIds) =>
          this.teamsService.membersOfTeams(viewer.organizationId, teamIds),
        ),
    );
    return loader.load(team.id);
  }
}

@Resolver(() => TeamMember)
export class TeamMembersResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User)
  async user(
    @Parent() teamMember: TeamMember,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> {
    return userLoader(loaders, this.users).load(teamMember.userId);
  }
}
