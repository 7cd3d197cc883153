import { Module } from '@nestjs/common';
import { CallEvents } from '../calls/call-events';
import { CallScorer } from '../scoring/call-scorer';
import { ClaudeJudge } from '../scoring/claude-judge';
import { AnthropicClient } from '../scoring/clients/anthropic.client';
import { ScoringRunner } from '../scoring/scoring-runner.service';
import { WebhookReceiptsPruner } from '../webhooks/webhook-receipts.pruner';
import { CallScoringProcessor } from './call-scoring.processor';

/** The call-scoring worker (registered only in worker processes, through ProcessorsModule). */
@Module({
  providers: [
    CallScoringProcessor,
    ScoringRunner,
    CallScorer,
    ClaudeJudge,
    AnthropicClient,
    CallEvents,
    WebhookReceiptsPruner,
  ],
})
export class CallsJobsModule {}
