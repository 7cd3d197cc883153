import DataLoader from 'dataloader';
import { DataLoaderRegistry, loadByIds } from '../../common/dataloader/dataloader-registry';
import { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';

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
