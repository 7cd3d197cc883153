import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { RelationSources } from '@/graphql/dataloader/relation-sources';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';
import { Team } from './team.entity';
import { TeamsService } from './teams.service';

/** The request's organizations-by-id loader (Membership.organization, Viewer.organization). */
export function organizationLoader(
  loaders: DataLoaderRegistry,
  organizations: OrganizationsService,
): DataLoader<string, Organization | null> {
  return loaders.get(
    'organization.byId',
    () =>
      new DataLoader<string, Organization | null>(async (ids) =>
        loadByIds(await organizations.findByIds(ids), ids),
      ),
  );
}

/** Teams of one organization by id, in the order asked; a foreign or unknown id is null. */
const teamsById =
  (teams: TeamsService) =>
  async (organizationId: string, ids: readonly string[]): Promise<(Team | null)[]> =>
    loadByIds(await teams.findByIds(organizationId, ids), ids);

/**
 * The request's teams-by-id loader (Task.team, …). The organization is the
 * viewer's, fixed for the request, so another tenant's team id loads null.
 */
export function teamLoader(
  loaders: DataLoaderRegistry,
  teams: TeamsService,
  organizationId: string,
): DataLoader<string, Team | null> {
  return loaders.get('team.byId', () => {
    const load = teamsById(teams);
    return new DataLoader<string, Team | null>((ids) => load(organizationId, ids));
  });
}

/** Defines the `team.byId` relation source: teams of the request's organization only. */
@Injectable()
export class TeamRelationSource implements OnModuleInit {
  constructor(
    private readonly sources: RelationSources,
    private readonly teams: TeamsService,
  ) {}

  onModuleInit(): void {
    this.sources.define<Team>('team.byId', teamsById(this.teams));
  }
}
