import { Module } from '@nestjs/common';
import { CallsModule } from '../calls.module';
import { BatchScoringService } from '../scoring/batch-scoring.service';
import { CallScorer } from '../scoring/call-scorer';
import { ClaudeJudge } from '../scoring/claude-judge';
import { AnthropicClient } from '../scoring/clients/anthropic.client';
import { ScoringReconciler } from '../scoring/scoring-reconciler.service';
import { ScoringRunnerService } from '../scoring/scoring-runner.service';
import { TranscriptReconciler } from '../transcripts/transcript-reconciler.service';
import { TranscriptRunner } from '../transcripts/transcript-runner.service';
import { WebhookReceiptsPruner } from '../webhooks/webhook-receipts.pruner';
import { CallTranscriptsProcessor } from './call-transcripts.processor';
import { TranscriptReconcileProcessor } from './transcript-reconcile.processor';
import { BatchScoringTicker } from './batch-scoring.ticker';
import { CallScoringProcessor } from './call-scoring.processor';
import { ScoringReconcileProcessor } from './scoring-reconcile.processor';
import { WebhookReceiptsPruneProcessor } from './webhook-receipts-prune.processor';

/**
 * The calls module's worker side (imported by ProcessorsModule only): the
 * call-scoring processor with the scorer it runs, the call-transcripts
 * processor (Twilio recordings to transcripts), the pruning of Twilio
 * webhook receipts and the scoring and transcript reconcilers on the
 * `maintenance` queue, and Message Batch scoring (BatchScoringService, run
 * by BatchScoringTicker).
 */
@Module({
  imports: [CallsModule],
  providers: [
    CallScoringProcessor,
    ScoringRunnerService,
    CallScorer,
    ClaudeJudge,
    AnthropicClient,
    WebhookReceiptsPruner,
    WebhookReceiptsPruneProcessor,
    ScoringReconciler,
    ScoringReconcileProcessor,
    CallTranscriptsProcessor,
    TranscriptRunner,
    TranscriptReconciler,
    TranscriptReconcileProcessor,
    BatchScoringService,
    BatchScoringTicker,
  ],
})
export class CallsJobsModule {}
