import { Inject } from '@nestjs/common';
import { Args, ArgsType, Resolver, Subscription } from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { OptionalId } from '@/common/validation/optional-id.decorator';
import { TenantScope } from '@/database/tenant-scope';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { Campaign } from '../campaigns/campaign.entity';
import { CallScore } from '../scoring/call-score.entity';
import {
  CallScoredEvent,
  callScoredTopic,
  CallUpdatedEvent,
  callUpdatedTopic,
} from './call-events';
import { Call } from './call.entity';

@ArgsType()
class CampaignFilterArgs {
  @OptionalId("Only this campaign's calls; all of the organization's when omitted.")
  campaignId?: string | null;
}

type UpdatedMessage = OutboxMessage<CallUpdatedEvent>;
type ScoredMessage = OutboxMessage<CallScoredEvent>;

const inCampaign = (
  message: OutboxMessage<CallUpdatedEvent>,
  variables: CampaignFilterArgs,
): boolean => !variables.campaignId || message.payload.campaignId === variables.campaignId;

/**
 * The live call board. Events come from the outbox after commit on topics of
 * the viewer's own organization, so another tenant's calls never reach the
 * socket; `calls:read` is checked when subscribing, and the payload is read
 * once per event and subscription shape (graphql/subscription-fanout.ts).
 */
@Resolver()
export class CallChangesResolver {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly tenants: TenantScope,
  ) {}

  @RequirePermission('calls:read')
  @Subscription(() => Call, {
    description: 'A call was created or changed status (call or score).',
    filter: inCampaign,
    resolve(this: CallChangesResolver, message: UpdatedMessage): Promise<Call> {
      return this.tenants
        .for({ organizationId: message.organizationId! })
        .repository(Call)
        .get(message.payload.callId, 'Call');
    },
  })
  async callUpdated(
    @CurrentViewer() viewer: Viewer,
    @Args() { campaignId }: CampaignFilterArgs,
  ): Promise<AsyncIterableIterator<UpdatedMessage>> {
    await this.checkCampaign(viewer, campaignId);
    return this.pubSub.asyncIterableIterator<UpdatedMessage>(
      callUpdatedTopic(viewer.organizationId),
    );
  }

  @RequirePermission('calls:read')
  @Subscription(() => CallScore, {
    description: 'A call was scored.',
    filter: inCampaign,
    resolve(this: CallChangesResolver, message: ScoredMessage): Promise<CallScore> {
      return this.tenants
        .for({ organizationId: message.organizationId! })
        .repository(CallScore)
        .get(message.payload.scoreId, 'CallScore');
    },
  })
  async callScored(
    @CurrentViewer() viewer: Viewer,
    @Args() { campaignId }: CampaignFilterArgs,
  ): Promise<AsyncIterableIterator<ScoredMessage>> {
    await this.checkCampaign(viewer, campaignId);
    return this.pubSub.asyncIterableIterator<ScoredMessage>(callScoredTopic(viewer.organizationId));
  }

  /** Another organization's campaign (or none) is refused, not silently watched. */
  private async checkCampaign(viewer: Viewer, campaignId?: string | null): Promise<void> {
    if (!campaignId) return;
    const campaign = await this.tenants
      .for(viewer)
      .repository(Campaign)
      .findOneBy({ id: campaignId });
    if (!campaign) throw new NotFoundError('Campaign', campaignId);
  }
}
