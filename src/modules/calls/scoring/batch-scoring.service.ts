import type Anthropic from '@anthropic-ai/sdk';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { TransactionService } from '@/database/transaction.service';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { CriterionKind } from '../calls.enums';
import { CallScorer } from './call-scorer';
import { CallScoreRepository } from './call-score.repository';
import { ClaudeJudge, judgeRequest } from './claude-judge';
import { AnthropicClient, ProviderError } from './clients/anthropic.client';
import { tokensOf } from './pricing';
import { BatchMemberRow, OpenBatchRow, ScoringBatchRepository } from './scoring-batch.repository';
import { ScoringRunnerService } from './scoring-runner.service';

/** A batch row still SUBMITTING this long after it was written was lost while being sent. */
const LOST_WHILE_SENDING_MS = 10 * 60_000;

export interface BatchTickResult {
  submitted: number;
  polled: number;
  ended: number;
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Scoring through the Anthropic Message Batches API, for campaigns in BATCH
 * mode (half the price of the Messages API; results within 24 hours). All
 * state is in PostgreSQL, so a worker restart loses nothing:
 *
 * 1. collect: the call-scoring job claims the scoring job (RUNNING, call
 *    SCORING) and, instead of asking Claude, adds a `scoring_batch_item`
 *    (PENDING). ScoringReconciler leaves jobs with a PENDING or SUBMITTED
 *    item alone.
 * 2. submit (every tick): an organization whose waiting items number
 *    CALL_SCORING_BATCH_MAX_SIZE, or whose oldest has waited
 *    CALL_SCORING_BATCH_WINDOW_MS, gets a `scoring_batch` row (SUBMITTING)
 *    holding them (locked SKIP LOCKED, so two workers never take the same
 *    items), committed before the request; then `messages.batches.create`
 *    with each item's id as its custom_id, and the provider's batch id
 *    stored (IN_PROGRESS). A refused request puts the items back (a
 *    non-retryable refusal fails their jobs); a row still SUBMITTING after
 *    ten minutes (the worker died mid-send) is given up and its items sent
 *    again — that may pay for a batch twice, never score a call twice.
 * 3. poll (every tick): a batch whose next poll is due is taken (its next
 *    poll moved on by the back-off, CALL_SCORING_BATCH_POLL_MS doubling up
 *    to CALL_SCORING_BATCH_POLL_MAX_MS) and `batches.retrieve`d; once
 *    `ended`, its results (JSONL) are read and mapped back by custom_id:
 *    - `succeeded` with an answer that passes the realtime checks: the score
 *      is written by the same statement realtime scoring uses (one score per
 *      call and version, the callUpdated and callScored outbox events), its
 *      usage priced at the batch rate;
 *    - `errored`, or an answer that breaks the schema or quotes what was
 *      never said: sent in the next batch, up to CALL_SCORING_BATCH_MAX_ERRORS
 *      errors, then the job ends FAILED with the reason;
 *    - `expired` or `canceled`: sent again, up to
 *      CALL_SCORING_BATCH_MAX_SUBMISSIONS batches, then FAILED with the
 *      reason.
 *    A worker that dies while reading results leaves the batch due again;
 *    items already settled are skipped, and the score statement writes only
 *    for jobs still open, so nothing is scored twice.
 */
@Injectable()
export class BatchScoringService {
  private readonly logger = new Logger(BatchScoringService.name);

  constructor(
    private readonly batches: ScoringBatchRepository,
    private readonly anthropic: AnthropicClient,
    private readonly scorer: CallScorer,
    private readonly callScores: CallScoreRepository,
    private readonly runner: ScoringRunnerService,
    private readonly transactions: TransactionService,
    private readonly relay: OutboxRelay,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  get enabled(): boolean {
    return this.anthropic.enabled;
  }

  /** Sends the batches that are due, then reads the ones due for a poll. */
  async tick(): Promise<BatchTickResult> {
    const result: BatchTickResult = { submitted: 0, polled: 0, ended: 0 };
    if (!this.enabled) return result;
    const { windowMs, maxSize } = this.config.batch;
    for (const organizationId of await this.batches.dueOrganizations(windowMs, maxSize)) {
      while (await this.submit(organizationId)) result.submitted += 1;
    }
    for (let batch = await this.takeDue(); batch; batch = await this.takeDue()) {
      result.polled += 1;
      if (await this.poll(batch)) result.ended += 1;
    }
    return result;
  }

  private takeDue(): Promise<OpenBatchRow | undefined> {
    return this.batches.takeDue(this.config.batch.pollMs, this.config.batch.pollMaxMs);
  }

  /** One batch of the organization's waiting items; false when there was none to send. */
  private async submit(organizationId: string): Promise<boolean> {
    const model = this.anthropic.model;
    const taken = await this.transactions.run(async ({ manager }) => {
      const rows = await this.batches.lockPending(
        manager,
        organizationId,
        this.config.batch.maxSize,
      );
      const open = rows.filter((row) => ['QUEUED', 'RUNNING'].includes(row.job_status));
      await this.batches.drop(
        manager,
        organizationId,
        rows.filter((row) => !open.includes(row)).map((row) => row.item_id),
      );
      if (open.length === 0) return null;
      const batchId = await this.batches.createBatch(
        manager,
        organizationId,
        model,
        open.map((row) => row.item_id),
        LOST_WHILE_SENDING_MS,
      );
      return { batchId, rows: open };
    });
    if (!taken) return false;
    try {
      const sent = await this.anthropic.createBatch(
        taken.rows.map((row) => ({
          customId: row.item_id,
          params: judgeRequest(judgedCriteria(row), row.transcript, row.script),
        })),
      );
      await this.batches.sent(taken.batchId, sent.id, this.config.batch.pollMs);
      this.logger.log(`sent Message Batch ${sent.id} of ${taken.rows.length} call(s)`);
      return true;
    } catch (error) {
      const retryable = !(error instanceof ProviderError) || error.retryable;
      await this.batches.unsent(taken.batchId, `Not sent: ${describe(error)}`, retryable);
      if (retryable) {
        this.logger.warn(`Message Batch not sent, its calls wait for the next: ${describe(error)}`);
        return false;
      }
      for (const row of taken.rows) {
        await this.fail(row, `Anthropic refused the Message Batch: ${describe(error)}`);
        await this.transactions.run(({ manager }) =>
          this.batches.settle(manager, row.item_id, 'FAILED', true, describe(error)),
        );
      }
      return true;
    }
  }

  /** Asks about one batch; reads its results once ended. True when it ended. */
  private async poll(batch: OpenBatchRow): Promise<boolean> {
    if (batch.status === 'SUBMITTING' || !batch.provider_batch_id) {
      await this.batches.unsent(batch.id, 'Lost while being sent (the worker stopped)', false);
      return false;
    }
    let status: Anthropic.Messages.MessageBatch;
    try {
      status = await this.anthropic.retrieveBatch(batch.provider_batch_id);
    } catch (error) {
      this.logger.warn(`Message Batch ${batch.provider_batch_id}: ${describe(error)}`);
      return false;
    }
    if (status.processing_status !== 'ended') return false;
    const results = await this.anthropic.batchResults(batch.provider_batch_id);
    const members = new Map(
      (await this.batches.submittedMembers(batch.id)).map((row) => [row.item_id, row]),
    );
    for (const result of results) {
      const member = members.get(result.custom_id);
      if (!member) continue;
      members.delete(result.custom_id);
      await this.settle(member, result.result);
    }
    // Sent but absent from the results (should not happen): sent again.
    for (const member of members.values()) {
      await this.retry(member, { type: 'expired' }, 'no result in the ended batch');
    }
    await this.batches.ended(batch.id);
    this.relay.kick();
    return true;
  }

  private async settle(
    member: BatchMemberRow,
    result: Anthropic.Messages.MessageBatchResult,
  ): Promise<void> {
    if (!['QUEUED', 'RUNNING'].includes(member.job_status)) {
      await this.batches.succeeded(member.item_id, 'job already ended');
      return;
    }
    if (result.type === 'succeeded') {
      const judged = judgedCriteria(member);
      const read = ClaudeJudge.interpret(result.message, judged, member.transcript);
      if (!('scores' in read)) {
        await this.retry(
          member,
          result,
          `answer rejected: ${read.problems.slice(0, 5).join('; ')}`,
        );
        return;
      }
      const score = this.scorer.withJudged(
        member.criteria,
        member.transcript,
        member.duration_sec,
        read.scores,
        tokensOf(result.message.usage),
        true,
      );
      await this.callScores.writeScores([
        {
          job_id: member.job_id,
          organization_id: member.organization_id,
          call_id: member.call_id,
          campaign_id: member.campaign_id,
          scorecard_id: member.scorecard_id,
          scorecard_version: member.scorecard_version,
          attempt: 0,
          overall: score.overall,
          criteria: score.criteria,
          metrics: score.metrics,
          scorer: score.scorer,
          model: score.model,
          usage: score.usage,
        },
      ]);
      await this.batches.succeeded(member.item_id, 'succeeded');
      return;
    }
    const reason =
      result.type === 'errored'
        ? `${result.error.error.type}: ${result.error.error.message}`
        : `the request ${result.type === 'expired' ? 'expired (not processed within 24 hours)' : 'was canceled'}`;
    await this.retry(member, result, reason);
  }

  /** Into the next batch, or FAILED once the item has used up its errors or sends. */
  private async retry(
    member: BatchMemberRow,
    result: { type: Anthropic.Messages.MessageBatchResult['type'] },
    reason: string,
  ): Promise<void> {
    const errored = result.type === 'errored' || result.type === 'succeeded';
    const { maxErrors, maxSubmissions } = this.config.batch;
    const gaveUp = errored
      ? member.errors + 1 >= maxErrors
        ? `Message Batch result errored ${member.errors + 1} time(s), last: ${reason}`
        : null
      : member.submissions >= maxSubmissions
        ? `Message Batch request not processed in ${member.submissions} batch(es), last: ${reason}`
        : null;
    const lastResult = `${result.type}: ${reason}`;
    if (gaveUp) await this.fail(member, gaveUp);
    await this.transactions.run(({ manager }) =>
      this.batches.settle(
        manager,
        member.item_id,
        gaveUp ? 'FAILED' : 'PENDING',
        errored,
        lastResult,
      ),
    );
  }

  /** The job ends FAILED with the reason, its call FAILED with a callUpdated event. */
  private fail(member: BatchMemberRow, reason: string): Promise<void> {
    return this.runner.recordFailure(
      member.call_id,
      member.scorecard_version,
      new Error(reason),
      true,
      Math.max(1, member.job_attempts),
    );
  }
}

function judgedCriteria(row: BatchMemberRow) {
  return row.criteria.filter((criterion) => criterion.kind === CriterionKind.LLM_JUDGED);
}
