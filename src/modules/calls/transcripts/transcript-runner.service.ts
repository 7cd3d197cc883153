import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { CallTranscriptStatus, Speaker } from '../calls.enums';
import { CallEvents } from '../calls/call-events';
import { Call, TranscriptSegment } from '../calls/call.entity';
import { CallRepository } from '../calls/call.repository';
import { TranscriptRedactor } from '../redaction/transcript-redactor.service';
import { ScoringRequests } from '../scoring/scoring-requests.service';
import {
  TWILIO_TRANSCRIPT_FAILED,
  TwilioIntelligence,
  TwilioRequestError,
  TwilioSentence,
} from '../twilio/twilio-intelligence';
import { TranscriptRequests } from './transcript-requests.service';

/** What one `transcribe-call` job did. */
export type TranscriptOutcome =
  'stale' | 'requested' | 'waiting' | 'completed' | 'retrying' | 'failed';

const WAITING: ReadonlyArray<CallTranscriptStatus> = [
  CallTranscriptStatus.PENDING,
  CallTranscriptStatus.REQUESTED,
];

/**
 * Runs one `transcribe-call` job for a call waiting on it (its
 * transcriptMessageId is the job's id; any other job is stale and does
 * nothing). Twilio is called outside any transaction; each change is then
 * written with the call row locked and checked again, and the next job (a
 * poll after CALL_TRANSCRIPT_POLL_MS × 2^polls, a new request) leaves
 * through the outbox in that transaction:
 *
 * - PENDING: request a Transcript of the recording (reusing one Twilio
 *   already made for this call), REQUESTED, poll later;
 * - REQUESTED: read its status. `completed`: read its sentences into
 *   segments (channel → AGENT/CUSTOMER by the call's direction), redact them
 *   (TranscriptRedactor) before they are stored, COMPLETED, and score
 *   through the outbox as importCall does. `failed`/`canceled`/`error`, or
 *   still not done after CALL_TRANSCRIPT_TIMEOUT_MS: the attempt fails —
 *   a new one is requested until CALL_TRANSCRIPT_MAX_ATTEMPTS, then FAILED
 *   with a readable transcriptError. Otherwise poll again later.
 *
 * Twilio 429/5xx and network errors are thrown for BullMQ to retry; a
 * request Twilio refuses for good (4xx) fails the attempt.
 */
@Injectable()
export class TranscriptRunner {
  private readonly logger = new Logger(TranscriptRunner.name);

  constructor(
    private readonly callRows: CallRepository,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly intelligence: TwilioIntelligence,
    private readonly requests: TranscriptRequests,
    private readonly redactor: TranscriptRedactor,
    private readonly scoring: ScoringRequests,
    private readonly events: CallEvents,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  async run(organizationId: string, callId: string, jobId: string): Promise<TranscriptOutcome> {
    const call = await this.tenants
      .for({ organizationId })
      .repository(Call)
      .findOneBy({ id: callId });
    if (!call || !this.current(call, jobId)) return 'stale';
    if (!this.intelligence.configured) {
      return this.change(organizationId, callId, jobId, async (transaction, locked) => {
        locked.transcriptStatus = CallTranscriptStatus.UNAVAILABLE;
        locked.transcriptError = this.intelligence.unavailableReason;
        locked.transcriptMessageId = null;
        await this.save(transaction, locked);
        return 'failed';
      });
    }
    try {
      if (call.transcriptStatus === CallTranscriptStatus.PENDING || !call.transcriptSid) {
        return await this.request(call, jobId);
      }
      return await this.poll(call, call.transcriptSid, jobId);
    } catch (error) {
      if (error instanceof TwilioRequestError && !error.retryable) {
        return this.failAttempt(call, jobId, error.message);
      }
      throw error;
    }
  }

  private current(call: Call, jobId: string): boolean {
    return WAITING.includes(call.transcriptStatus) && call.transcriptMessageId === jobId;
  }

  private async request(call: Call, jobId: string): Promise<TranscriptOutcome> {
    if (!call.recordingSid) {
      return this.failAttempt(call, jobId, 'The call has no recording to transcribe', true);
    }
    const transcriptSid = await this.intelligence.requestTranscript(
      call.recordingSid,
      call.id,
      this.requests.agentChannel(call),
      call.transcriptSid,
    );
    return this.change(call.organizationId, call.id, jobId, async (transaction, locked) => {
      locked.transcriptSid = transcriptSid;
      locked.transcriptStatus = CallTranscriptStatus.REQUESTED;
      locked.transcriptAttempts += 1;
      locked.transcriptRequestedAt = new Date();
      locked.transcriptPolls = 0;
      await this.requests.send(transaction, locked, this.requests.pollDelayMs(0));
      await this.save(transaction, locked);
      return 'requested';
    });
  }

  private async poll(call: Call, transcriptSid: string, jobId: string): Promise<TranscriptOutcome> {
    const status = await this.intelligence.status(transcriptSid);
    if (status === 'completed') {
      const sentences = await this.intelligence.sentences(transcriptSid);
      return this.complete(call, transcriptSid, jobId, sentences);
    }
    if (TWILIO_TRANSCRIPT_FAILED.includes(status)) {
      return this.failAttempt(
        call,
        jobId,
        `Twilio could not transcribe the recording (transcript ${transcriptSid} ended "${status}")`,
      );
    }
    const startedAt = call.transcriptRequestedAt?.getTime() ?? Date.now();
    if (Date.now() - startedAt >= this.config.transcriptTimeoutMs) {
      // Given up on: deleted at Twilio, so the next attempt cannot pick it up again.
      await this.intelligence.deleteTranscript(transcriptSid).catch((error: unknown) => {
        this.logger.warn(
          `could not delete timed-out transcript ${transcriptSid}: ${String(error)}`,
        );
      });
      return this.failAttempt(
        call,
        jobId,
        `Twilio did not finish the transcript within ${Math.round(this.config.transcriptTimeoutMs / 1000)} s (still "${status}")`,
      );
    }
    return this.change(call.organizationId, call.id, jobId, async (transaction, locked) => {
      locked.transcriptPolls += 1;
      await this.requests.send(
        transaction,
        locked,
        this.requests.pollDelayMs(locked.transcriptPolls),
      );
      await this.save(transaction, locked);
      return 'waiting';
    });
  }

  private complete(
    call: Call,
    transcriptSid: string,
    jobId: string,
    sentences: TwilioSentence[],
  ): Promise<TranscriptOutcome> {
    const agentChannel = this.requests.agentChannel(call);
    const segments: TranscriptSegment[] = sentences
      .filter((sentence) => sentence.text.trim().length > 0)
      .map((sentence) => ({
        speaker: sentence.channel === agentChannel ? Speaker.AGENT : Speaker.CUSTOMER,
        text: sentence.text.trim(),
        startSec: sentence.startSec,
        endSec: Math.max(sentence.endSec, sentence.startSec),
      }));
    if (segments.length === 0) {
      return this.failAttempt(
        call,
        jobId,
        `Twilio's transcript ${transcriptSid} has no sentences (no speech in the recording?)`,
        true,
      );
    }
    return this.change(call.organizationId, call.id, jobId, async (transaction, locked) => {
      if (locked.transcriptSid !== transcriptSid) return 'stale';
      // Redacted before it is stored, so neither storage nor a model sees card data.
      const { transcript, redactions } = await this.redactor.redact(
        locked.organizationId,
        segments,
        transaction.manager,
      );
      locked.transcript = transcript;
      locked.redactions = redactions;
      locked.transcriptStatus = CallTranscriptStatus.COMPLETED;
      locked.transcriptError = null;
      locked.transcriptMessageId = null;
      locked.transcriptChangedAt = new Date();
      if (locked.durationSec === null) {
        locked.durationSec = Math.ceil(transcript.reduce((max, s) => Math.max(max, s.endSec), 0));
      }
      const saved = await this.save(transaction, locked);
      await this.scoring.scoreIfComplete(transaction, saved);
      return 'completed';
    });
  }

  /**
   * The current attempt failed with `reason`: another one is requested
   * (PENDING) while attempts remain, else the transcript ends FAILED.
   * `final`: no other attempt could do better (no recording, no speech).
   */
  private failAttempt(
    call: Call,
    jobId: string,
    reason: string,
    final = false,
  ): Promise<TranscriptOutcome> {
    return this.change(call.organizationId, call.id, jobId, async (transaction, locked) => {
      const attempts = Math.max(locked.transcriptAttempts, 1);
      if (!final && attempts < this.config.transcriptMaxAttempts) {
        this.logger.warn(
          `call ${locked.id}: transcript attempt ${attempts} failed (${reason}); retrying`,
        );
        locked.transcriptStatus = CallTranscriptStatus.PENDING;
        locked.transcriptError = reason;
        locked.transcriptPolls = 0;
        locked.transcriptRequestedAt = null;
        // Keeps transcriptSid: the next request skips that Transcript.
        await this.requests.send(transaction, locked);
        await this.save(transaction, locked);
        return 'retrying';
      }
      locked.transcriptStatus = CallTranscriptStatus.FAILED;
      locked.transcriptError = final ? reason : `${reason}; gave up after ${attempts} attempt(s)`;
      locked.transcriptMessageId = null;
      locked.transcriptChangedAt = new Date();
      await this.save(transaction, locked);
      return 'failed';
    });
  }

  /**
   * Runs `apply` on the call locked, if it still waits on the job `jobId`
   * (else 'stale': someone else moved it on), and announces a visible
   * change (callUpdated) in the same transaction.
   */
  private change(
    organizationId: string,
    callId: string,
    jobId: string,
    apply: (transaction: Transaction, call: Call) => Promise<TranscriptOutcome>,
  ): Promise<TranscriptOutcome> {
    return this.transactions.run(async (transaction) => {
      const locked = await this.callRows.lockById(organizationId, callId, transaction.manager);
      if (!locked || !this.current(locked, jobId)) return 'stale';
      const visible = (call: Call) =>
        `${call.transcriptStatus}|${call.transcriptError}|${call.transcriptSid}`;
      const before = visible(locked);
      const outcome = await apply(transaction, locked);
      // A poll that changed nothing a client sees is not announced.
      if (outcome !== 'stale' && visible(locked) !== before) {
        await this.events.updated(transaction, locked);
      }
      return outcome;
    });
  }

  private save(transaction: Transaction, call: Call): Promise<Call> {
    return this.tenants.for(call, transaction.manager).repository(Call).save(call);
  }
}
