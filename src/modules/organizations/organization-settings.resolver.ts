import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { UpdateOrganizationSettingsInput } from './dto/update-organization-settings.input';
import { Organization } from './organization.entity';
import { OrganizationSettingsService } from './organization-settings.service';

@Resolver(() => Organization)
export class OrganizationSettingsResolver {
  constructor(private readonly settings: OrganizationSettingsService) {}

  @Mutation(() => Organization, {
    description:
      "Changes the active organization's settings (ADMIN and above; audited as `organization.settings_updated`). Fields left out keep their value.",
  })
  @RequirePermission('organization:manage')
  updateOrganizationSettings(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: UpdateOrganizationSettingsInput,
  ): Promise<Organization> {
    return this.settings.update(viewer, input);
  }
}
