import { Campaign } from './campaigns/campaign.entity';
import { Scorecard } from './campaigns/scorecard.entity';
import { Call } from './calls/call.entity';
import { PhoneNumber } from './calls/phone-number.entity';
import { CallScore } from './scoring/call-score.entity';
import { ScoringBatch, ScoringBatchItem } from './scoring/scoring-batch.entity';
import { ScoringJob } from './scoring/scoring-job.entity';
import { TwilioWebhookReceipt } from './webhooks/twilio-webhook-receipt.entity';

/** The calls module's tables (listed in database/entities.ts). */
export const CALL_ENTITIES = [
  Campaign,
  Scorecard,
  Call,
  PhoneNumber,
  CallScore,
  ScoringJob,
  ScoringBatch,
  ScoringBatchItem,
  TwilioWebhookReceipt,
];
