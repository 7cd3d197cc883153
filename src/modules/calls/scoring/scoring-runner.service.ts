import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { activeTraceparent } from '@/observability/trace-context';
import { ScoreStatus, ScoringMode } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { Segment } from './call-metrics';
import { CallScorer, ScoreResult } from './call-scorer';
import { ProviderError } from './clients/anthropic.client';
import { BatchLoader, batchLoader } from './batch-loader';
import { CallScoreInput, CallScoreRepository } from './call-score.repository';
import { CompileCache } from './prepared-transcript';
import { ScoringBatchRepository } from './scoring-batch.repository';

export interface ScoringOutcome {
  /** `batched`: the job waits for a Message Batch (BATCH campaigns, BatchScoringService). */
  status: 'scored' | 'skipped' | 'batched';
  scoreId?: string;
}

/** Shortest time between two wake-ups of the outbox relay by the runner, in ms. */
const RELAY_KICK_MS = 25;

/** What the processor needs to know about a failure: retry later, or give up now. */
export const isRetryable = (error: unknown): boolean =>
  !(error instanceof ProviderError) || error.retryable;

interface Wanted {
  callId: string;
  scorecardVersion: number;
  /** From the message; lets the read skip criteria the worker already holds. */
  scorecardId: string | undefined;
}

/** A job still to score, with what scoring it needs. */
interface Loaded {
  jobId: string;
  organizationId: string;
  callId: string;
  campaignId: string | null;
  scorecardId: string;
  scorecardVersion: number;
  transcript: Segment[];
  durationSec: number | null;
  criteria: readonly CriterionDefinition[];
}

/** A job claimed for provider scoring, with what only the provider needs. */
interface Claimed {
  script: string | null;
  batch: boolean;
}

interface Scored {
  loaded: Loaded;
  result: ScoreResult;
  /** Whether the job was claimed (RUNNING, attempt counted) before scoring. */
  claimed: boolean;
  /** The job's trace context (tracing on): the batch's write runs in one job's context only. */
  traceparent: string | null;
}

/**
 * Runs scoring jobs. The database work of jobs running at the same time is
 * batched (DataLoader, without its cache), one statement per step for the
 * whole batch:
 *
 * 1. read: the jobs still QUEUED or RUNNING (a COMPLETED job is skipped, so a
 *    re-delivered message does no work), with their transcripts and, unless
 *    the worker already holds them, their scorecards' criteria. Nothing is
 *    written.
 * 2. claim, only for jobs whose scoring calls the provider (Claude judges an
 *    LLM_JUDGED criterion): the job becomes RUNNING (its attempt counted)
 *    and the call SCORING with a callUpdated event, because that scoring
 *    takes seconds and the live call board shows it. Built-in scoring takes
 *    a few milliseconds of CPU, so for it the visible QUEUED → SCORING →
 *    SCORED sequence is QUEUED → SCORED: one fewer statement per batch, one
 *    fewer call and job update and one fewer outbox event per job.
 * 3. score, per job — or, for a campaign in BATCH mode, add the claimed
 *    job to the next Message Batch (BatchScoringService scores it later).
 * 4. write: locks the batch's jobs that are still not COMPLETED (a
 *    concurrent duplicate waits, then finds them COMPLETED and writes
 *    nothing), inserts their scores (ON CONFLICT keeps one already written
 *    for that call and version), completes the jobs, points the calls at
 *    their newest score and writes the callUpdated and callScored outbox
 *    events (CallScoreRepository's SQL, rows from OutboxService.publishSql
 *    in the shape CallEvents writes; the relay publishes them after the
 *    commit).
 *
 * Each job still completes only once its own score is committed. Every
 * statement is scoped by the job's organization.
 */
@Injectable()
export class ScoringRunnerService {
  private readonly reads: BatchLoader<Wanted, Loaded | null>;
  private readonly claims: BatchLoader<Loaded, Claimed | null>;
  private readonly writes: BatchLoader<Scored, string | null>;
  /** Criteria by scorecard id: a scorecard row is never changed once written. */
  private readonly scorecards = new CompileCache<readonly CriterionDefinition[]>(500);

  constructor(
    private readonly callScores: CallScoreRepository,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly scorer: CallScorer,
    private readonly events: CallEvents,
    private readonly relay: OutboxRelay,
    private readonly batches: ScoringBatchRepository,
    @Inject(callsConfig.KEY) config: ConfigType<typeof callsConfig>,
  ) {
    const size = config.scoringConcurrency;
    // Jobs running at once arrive from the queue a few milliseconds apart:
    // reads wait 2 ms to gather them. A read batch is scored in one turn of
    // the event loop, so its claims and writes are all added by the end of
    // that turn: they go then. A full batch goes at once.
    this.reads = batchLoader(
      (items) => this.readBatch(items),
      size,
      (go) => setTimeout(go, 2),
    );
    this.claims = batchLoader((items) => this.claimBatch(items), size, setImmediate);
    this.writes = batchLoader((items) => this.writeBatch(items), size, setImmediate);
  }

  async run(
    callId: string,
    scorecardVersion: number,
    scorecardId?: string,
    urgent = false,
  ): Promise<ScoringOutcome> {
    const loaded = await this.reads.load({ callId, scorecardVersion, scorecardId });
    if (!loaded) return { status: 'skipped' };
    const claimed = this.scorer.needsProvider(loaded.criteria);
    let script: string | null = null;
    if (claimed) {
      const claim = await this.claims.load(loaded);
      if (!claim) return { status: 'skipped' };
      if (claim.batch && !urgent) {
        await this.batches.collect(loaded.organizationId, loaded.jobId);
        return { status: 'batched' };
      }
      script = claim.script;
    }
    const result = await this.scorer.score(
      loaded.criteria,
      loaded.transcript,
      loaded.durationSec,
      script,
    );
    const traceparent = activeTraceparent() ?? null;
    const scoreId = await this.writes.load({ loaded, result, claimed, traceparent });
    return scoreId ? { status: 'scored', scoreId } : { status: 'skipped' };
  }

  /**
   * One read-only statement: the batch's jobs still QUEUED or RUNNING, their
   * calls' transcripts and, for scorecards the worker does not hold yet,
   * their criteria.
   */
  private async readBatch(items: readonly Wanted[]): Promise<Array<Loaded | null>> {
    const held = new Map<string, readonly CriterionDefinition[]>();
    for (const item of items) {
      const criteria = item.scorecardId && this.scorecards.peek(item.scorecardId);
      if (criteria) held.set(item.scorecardId!, criteria);
    }
    const rows = await this.callScores.readOpenJobs(items, [...held.keys()]);
    const byKey = new Map<string, Loaded>();
    for (const row of rows) {
      let criteria = row.criteria ?? held.get(row.scorecard_id);
      if (!criteria) throw new Error(`scorecard ${row.scorecard_id} came back without criteria`);
      if (row.criteria) criteria = this.scorecards.get(row.scorecard_id, () => row.criteria!);
      byKey.set(`${row.call_id}:${row.scorecard_version}`, {
        jobId: row.job_id,
        organizationId: row.organization_id,
        callId: row.call_id,
        campaignId: row.campaign_id,
        scorecardId: row.scorecard_id,
        scorecardVersion: row.scorecard_version,
        transcript: row.transcript,
        durationSec: row.duration_sec,
        criteria,
      });
    }
    // Two messages for one job in a batch (a re-delivery): the first scores it.
    return items.map((item) => {
      const key = `${item.callId}:${item.scorecardVersion}`;
      const loaded = byKey.get(key);
      byKey.delete(key);
      return loaded ?? null;
    });
  }

  /**
   * For provider scoring only: one statement claims the jobs still QUEUED or
   * RUNNING (counting the attempt) and marks their calls SCORING with a
   * callUpdated outbox event each; returns the campaign script the prompt
   * includes.
   */
  private async claimBatch(items: readonly Loaded[]): Promise<Array<Claimed | null>> {
    const rows = await this.callScores.claimJobs(items.map((item) => item.jobId));
    if (rows.length > 0) this.relay.kickCoalesced(RELAY_KICK_MS);
    const claimed = new Map(
      rows.map((row) => [
        row.job_id,
        { script: row.script, batch: row.scoring_mode === ScoringMode.BATCH },
      ]),
    );
    return items.map((item) => claimed.get(item.jobId) ?? null);
  }

  /**
   * One statement: locks the batch's jobs not yet COMPLETED, inserts their
   * scores (keeping one already written for the same call and version),
   * completes the jobs, points the calls at their newest score and writes
   * the callUpdated and callScored outbox events. A job another delivery
   * completed first gets null (nothing written for it).
   */
  private async writeBatch(items: readonly Scored[]): Promise<Array<string | null>> {
    // One job twice in a batch (two deliveries read apart): written once.
    const first = new Map<string, Scored>();
    for (const item of items) if (!first.has(item.loaded.jobId)) first.set(item.loaded.jobId, item);
    const input: CallScoreInput[] = [...first.values()].map(
      ({ loaded, result, claimed, traceparent }) => ({
        job_id: loaded.jobId,
        organization_id: loaded.organizationId,
        call_id: loaded.callId,
        campaign_id: loaded.campaignId,
        scorecard_id: loaded.scorecardId,
        scorecard_version: loaded.scorecardVersion,
        attempt: claimed ? 0 : 1,
        overall: result.overall,
        criteria: result.criteria,
        metrics: result.metrics,
        scorer: result.scorer,
        model: result.model,
        usage: result.usage,
        traceparent,
      }),
    );
    const rows = await this.callScores.writeScores(input);
    if (rows.length > 0) this.relay.kickCoalesced(RELAY_KICK_MS);
    const written = new Map(rows.map((row) => [row.job_id, row.score_id]));
    return items.map((item) =>
      first.get(item.loaded.jobId) === item ? (written.get(item.loaded.jobId) ?? null) : null,
    );
  }

  /** After a failed attempt: back to QUEUED with the reason, or FAILED for good. */
  async recordFailure(
    callId: string,
    scorecardVersion: number,
    error: unknown,
    final: boolean,
    attempt: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const message = final
      ? `Scoring failed after ${attempt} attempt(s): ${reason}`
      : `Attempt ${attempt} failed, retrying: ${reason}`;
    await this.transactions.run(async (transaction) => {
      const row = await this.callScores.recordFailure(
        transaction.manager,
        callId,
        scorecardVersion,
        message,
        final,
        attempt,
      );
      if (!row) return;
      const calls = this.tenants
        .for({ organizationId: row.organization_id }, transaction.manager)
        .repository(Call);
      const call = await calls.findOneBy({ id: callId });
      if (!call) return;
      const status = final ? ScoreStatus.FAILED : ScoreStatus.QUEUED;
      if (call.scoreStatus !== status && call.scoreStatus !== ScoreStatus.SCORED) {
        call.scoreStatus = status;
        await calls.save(call);
        await this.events.updated(transaction, call);
      }
    });
  }
}
