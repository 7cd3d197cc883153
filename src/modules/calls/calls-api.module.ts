import { Module } from '@nestjs/common';
import { CallsModule } from './calls.module';
import { CampaignsResolver, PhoneNumbersResolver } from './campaigns/campaigns.resolver';
import { CallChangesResolver } from './calls/call-changes.resolver';
import { CallScoresResolver, CallsResolver, ScoringJobsResolver } from './calls/calls.resolver';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';

/** Calls over GraphQL (campaigns, calls, scores, the live call board) and Twilio's webhooks (api side). */
@Module({
  imports: [CallsModule],
  controllers: [TwilioWebhooksController],
  providers: [
    CampaignsResolver,
    PhoneNumbersResolver,
    CallsResolver,
    CallScoresResolver,
    ScoringJobsResolver,
    CallChangesResolver,
  ],
})
export class CallsApiModule {}
