import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { UsersModule } from '@/modules/users/users.module';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { CampaignsService } from './campaigns/campaigns.service';
import { CallCommandsService } from './calls/call-commands.service';
import { CallEvents } from './calls/call-events';
import { CallQueriesService } from './calls/call-queries.service';
import { CallRepository } from './calls/call.repository';
import { PhoneNumberRepository } from './calls/phone-number.repository';
import { TranscriptRedactor } from './redaction/transcript-redactor.service';
import { QualityReportRepository } from './reports/quality-report.repository';
import { QualityReportService } from './reports/quality-report.service';
import { CallScoreRepository } from './scoring/call-score.repository';
import { ScoringBatchRepository } from './scoring/scoring-batch.repository';
import { ScoringJobRepository } from './scoring/scoring-job.repository';
import { ScoringRequests } from './scoring/scoring-requests.service';
import { ScoringService } from './scoring/scoring.service';
import { TranscriptRequests } from './transcripts/transcript-requests.service';
import { TwilioIntelligence } from './twilio/twilio-intelligence';
import { TwilioAccount } from './twilio/twilio.client';
import { TwilioWebhooksService } from './webhooks/twilio-webhooks.service';
import { WebhookReceiptRepository } from './webhooks/webhook-receipt.repository';

/** All of the calls domain's SQL (ARCHITECTURE.md: `<thing>.repository.ts`). */
const REPOSITORIES = [
  CallRepository,
  CallScoreRepository,
  PhoneNumberRepository,
  QualityReportRepository,
  ScoringBatchRepository,
  ScoringJobRepository,
  WebhookReceiptRepository,
];

const SERVICES = [
  CampaignsService,
  CallEvents,
  ScoringRequests,
  TranscriptRedactor,
  CallCommandsService,
  CallQueriesService,
  ScoringService,
  QualityReportService,
  TwilioWebhooksService,
  TwilioAccount,
  TwilioIntelligence,
  TranscriptRequests,
  ...REPOSITORIES,
];

/**
 * The calls core: campaigns and versioned scorecards, calls from importCall
 * and Twilio webhooks, transcript requests (Twilio Intelligence), scoring requests, reports and call events, one
 * instance each per process. CallsApiModule (resolvers, webhooks) and
 * CallsJobsModule (the scoring worker, receipt pruning) import it.
 */
@Module({
  imports: [UsersModule, AuditModule, OrganizationsModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class CallsModule {}
