import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { PhoneNumber } from '../calls/phone-number.entity';
import { Campaign } from './campaign.entity';
import { CampaignsService } from './campaigns.service';
import { AddPhoneNumberInput, UpdatePhoneNumberInput } from './dto/add-phone-number.input';
import { CreateCampaignInput, UpdateCampaignInput } from './dto/create-campaign.input';
import { CriterionInput } from './dto/criterion.input';
import { Scorecard } from './scorecard.entity';

export function campaignLoader(
  loaders: DataLoaderRegistry,
  campaigns: CampaignsService,
  organizationId: string,
): DataLoader<string, Campaign | null> {
  return loaders.get(
    'campaign.byId',
    () =>
      new DataLoader<string, Campaign | null>(async (ids) =>
        loadByIds(await campaigns.findByIds(organizationId, ids), ids),
      ),
  );
}

function scorecardLoader(
  loaders: DataLoaderRegistry,
  campaigns: CampaignsService,
  organizationId: string,
): DataLoader<string, Scorecard | null> {
  return loaders.get(
    'scorecard.byId',
    () =>
      new DataLoader<string, Scorecard | null>(async (ids) =>
        loadByIds(await campaigns.scorecardsByIds(organizationId, ids), ids),
      ),
  );
}

@Resolver(() => Campaign)
export class CampaignsResolver {
  constructor(private readonly service: CampaignsService) {}

  @Query(() => [Campaign], { description: 'Newest first.' })
  @RequirePermission('calls:read')
  campaigns(@CurrentViewer() viewer: Viewer): Promise<Campaign[]> {
    return this.service.list(viewer);
  }

  @Query(() => Campaign, { nullable: true })
  @RequirePermission('calls:read')
  campaign(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Campaign | null> {
    return this.service.get(viewer, id);
  }

  @Mutation(() => Campaign)
  @RequirePermission('campaigns:manage')
  createCampaign(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateCampaignInput,
  ): Promise<Campaign> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => Campaign, {
    description: "Changes a campaign's name, script, active flag or scoring mode.",
  })
  @RequirePermission('campaigns:manage')
  updateCampaign(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCampaignInput,
  ): Promise<Campaign> {
    return this.service.update(viewer, id, input);
  }

  @Mutation(() => Campaign, {
    description: 'Writes the next scorecard version; scores made so far keep theirs.',
  })
  @RequirePermission('campaigns:manage')
  updateScorecard(
    @CurrentViewer() viewer: Viewer,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('criteria', { type: () => [CriterionInput] }) criteria: CriterionInput[],
  ): Promise<Campaign> {
    return this.service.updateScorecard(viewer, campaignId, criteria);
  }

  @Query(() => [PhoneNumber], { description: "The organization's Twilio numbers." })
  @RequirePermission('calls:read')
  phoneNumbers(@CurrentViewer() viewer: Viewer): Promise<PhoneNumber[]> {
    return this.service.listPhoneNumbers(viewer);
  }

  @Mutation(() => PhoneNumber, {
    description:
      'Routes Twilio webhooks for this number to the organization (and campaign). When the server has Twilio credentials the number must be on that Twilio account (BAD_USER_INPUT otherwise; SERVICE_UNAVAILABLE when Twilio fails or does not answer) and keeps its SID; without them it is stored unverified.',
  })
  @RequirePermission('campaigns:manage')
  addPhoneNumber(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: AddPhoneNumberInput,
  ): Promise<PhoneNumber> {
    return this.service.addPhoneNumber(viewer, input);
  }

  @Mutation(() => PhoneNumber, {
    description:
      "Changes a number's campaign and its voice and SMS assistant switches (only the fields given). NOT_FOUND for another organization's number.",
  })
  @RequirePermission('campaigns:manage')
  updatePhoneNumber(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdatePhoneNumberInput,
  ): Promise<PhoneNumber> {
    return this.service.updatePhoneNumber(viewer, id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermission('campaigns:manage')
  removePhoneNumber(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.removePhoneNumber(viewer, id);
  }

  @ResolveField(() => Scorecard, { description: 'The current version.' })
  async scorecard(
    @Parent() campaign: Campaign,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Scorecard> {
    const scorecard = await scorecardLoader(loaders, this.service, viewer.organizationId).load(
      campaign.scorecardId!,
    );
    return scorecard!;
  }
}

@Resolver(() => PhoneNumber)
export class PhoneNumbersResolver {
  constructor(private readonly campaigns: CampaignsService) {}

  @ResolveField(() => Campaign, { nullable: true })
  campaign(
    @Parent() number: PhoneNumber,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Campaign | null> | null {
    if (!number.campaignId) return null;
    return campaignLoader(loaders, this.campaigns, viewer.organizationId).load(number.campaignId);
  }
}
