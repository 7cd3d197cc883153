import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { CampaignsResolver, PhoneNumbersResolver } from './campaigns/campaigns.resolver';
import { CampaignsService } from './campaigns/campaigns.service';
import { CallChangesResolver } from './calls/call-changes.resolver';
import { CallCommandsService } from './calls/call-commands.service';
import { CallEvents } from './calls/call-events';
import { CallQueriesService } from './calls/call-queries.service';
import { CallScoresResolver, CallsResolver, ScoringJobsResolver } from './calls/calls.resolver';
import { QualityReportService } from './reports/quality-report.service';
import { ScoringRequests } from './scoring/scoring-requests.service';
import { ScoringService } from './scoring/scoring.service';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';
import { TwilioAccount } from './twilio/twilio.client';
import { TwilioWebhooksService } from './webhooks/twilio-webhooks.service';

/**
 * Calls and call quality (api side): campaigns and versioned scorecards,
 * calls from importCall and Twilio webhooks, scoring requests, reports and
 * the live call board. The scoring worker is CallsJobsModule.
 */
@Module({
  imports: [UsersModule, AuditModule, OrganizationsModule],
  controllers: [TwilioWebhooksController],
  providers: [
    CampaignsService,
    CampaignsResolver,
    PhoneNumbersResolver,
    CallEvents,
    ScoringRequests,
    CallCommandsService,
    CallQueriesService,
    CallsResolver,
    CallScoresResolver,
    ScoringJobsResolver,
    CallChangesResolver,
    ScoringService,
    QualityReportService,
    TwilioWebhooksService,
    TwilioAccount,
  ],
})
export class CallsModule {}
