import { Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { CALL_STATUS_RANK, CallDirection, CallStatus, CallTranscriptStatus } from '../calls.enums';
import { CallEvents } from '../calls/call-events';
import { Call } from '../calls/call.entity';
import { CallRepository } from '../calls/call.repository';
import { PhoneNumberRepository } from '../calls/phone-number.repository';
import { ScoringRequests } from '../scoring/scoring-requests.service';
import { TranscriptRequests } from '../transcripts/transcript-requests.service';
import { TWILIO_CALL_STATUS, twilioDirection, twilioTime } from './twilio-status';
import { WebhookReceiptRepository } from './webhook-receipt.repository';

export type WebhookParams = Record<string, string | undefined>;
export type WebhookOutcome =
  'applied' | 'duplicate' | 'stale' | 'unknown-number' | 'unknown-call' | 'invalid';

/**
 * Applies Twilio's status and recording callbacks, and Conversational
 * Intelligence's transcript webhook. Each is applied at most
 * once (a receipt keyed by Twilio's idempotency token, else CallSid + status
 * or recording, is written in the same transaction), and a call's status
 * only ever moves forward (CALL_STATUS_RANK): a late "ringing" after
 * "completed" is recorded as received and ignored.
 */
@Injectable()
export class TwilioWebhooksService {
  private readonly logger = new Logger(TwilioWebhooksService.name);

  constructor(
    private readonly callRows: CallRepository,
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly receipts: WebhookReceiptRepository,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly events: CallEvents,
    private readonly scoring: ScoringRequests,
    private readonly transcripts: TranscriptRequests,
  ) {}

  async status(params: WebhookParams, idempotencyToken?: string): Promise<WebhookOutcome> {
    const sid = params.CallSid;
    const status = TWILIO_CALL_STATUS[params.CallStatus ?? ''];
    if (!sid || !status) return 'invalid';
    const direction = twilioDirection(params.Direction);
    // Ours is the number called (inbound) or the number calling (outbound),
    // and only that one: the other side is a stranger's number, and falling
    // back to it would file the call under whoever registered that number.
    const ours = direction === CallDirection.INBOUND ? params.To : params.From;
    const owner = ours ? await this.phoneNumbers.ownerOf([ours]) : null;
    if (!owner) {
      this.logger.warn(`Twilio status for ${sid}: no organization owns ${ours ?? '(none)'}`);
      return 'unknown-number';
    }
    const key = idempotencyToken
      ? `token:${idempotencyToken}`
      : `status:${sid}:${params.CallStatus}`;
    return this.once(key, owner.organizationId, async (transaction) => {
      const calls = this.tenants.for(owner, transaction.manager).repository(Call);
      const at = twilioTime(params.Timestamp);
      // Locked, so two callbacks of one call apply one after the other.
      let call = await this.callRows.lockByTwilioSid(
        owner.organizationId,
        sid,
        transaction.manager,
      );
      if (!call) {
        call = calls.create({
          direction,
          from: params.From ?? '',
          to: params.To ?? '',
          status,
          statusTimeline: [],
          campaignId: owner.campaignId,
          twilioCallSid: sid,
          externalId: null,
          agentId: null,
          startedAt: null,
          endedAt: null,
          durationSec: null,
          recordingUrl: null,
          transcript: [],
        });
      } else if (CALL_STATUS_RANK[status] <= CALL_STATUS_RANK[call.status]) {
        return 'stale';
      }
      call.status = status;
      call.statusTimeline = [...call.statusTimeline, { status, at }];
      if (status === CallStatus.IN_PROGRESS && !call.startedAt) call.startedAt = at;
      if (CALL_STATUS_RANK[status] === CALL_STATUS_RANK[CallStatus.COMPLETED]) {
        call.endedAt = at;
        const duration = Number.parseInt(params.CallDuration ?? '', 10);
        if (Number.isFinite(duration)) call.durationSec = duration;
        if (!call.startedAt && call.durationSec !== null && call.durationSec !== undefined) {
          call.startedAt = new Date(at.getTime() - call.durationSec * 1000);
        }
      }
      const saved = await calls.save(call);
      await this.scoring.scoreIfComplete(transaction, saved);
      await this.events.updated(transaction, saved);
      return 'applied';
    });
  }

  async recording(params: WebhookParams, idempotencyToken?: string): Promise<WebhookOutcome> {
    const sid = params.CallSid;
    const url = params.RecordingUrl;
    if (!sid || !url || !/^https?:\/\//.test(url)) return 'invalid';
    if (params.RecordingStatus && params.RecordingStatus !== 'completed') return 'stale';
    const organizationId = await this.callRows.organizationOfTwilioSid(sid);
    if (!organizationId) {
      this.logger.warn(`Twilio recording for unknown call ${sid}`);
      return 'unknown-call';
    }
    const key = idempotencyToken
      ? `token:${idempotencyToken}`
      : `recording:${sid}:${params.RecordingSid ?? url}`;
    return this.once(key, organizationId, async (transaction) => {
      const calls = this.tenants.for({ organizationId }, transaction.manager).repository(Call);
      const call = await this.callRows.lockByTwilioSid(organizationId, sid, transaction.manager);
      if (!call) return 'unknown-call';
      call.recordingUrl = url;
      const recordingSid = params.RecordingSid;
      if (recordingSid && /^RE[0-9a-fA-F]{32}$/.test(recordingSid)) {
        call.recordingSid = recordingSid;
        // A dual-channel recording of the whole call: transcribed through
        // Twilio Conversational Intelligence (or UNAVAILABLE, with the reason).
        await this.transcripts.recordingCompleted(transaction, call);
      }
      await calls.save(call);
      await this.events.updated(transaction, call);
      return 'applied';
    });
  }

  /**
   * Twilio Conversational Intelligence's webhook: a Transcript is ready
   * (JSON `transcript_sid`, or form `TranscriptSid`). The call's transcript
   * job runs at once instead of at its next poll; applied once per
   * Transcript (receipt), and only while the call still waits on it.
   */
  async transcript(params: WebhookParams, idempotencyToken?: string): Promise<WebhookOutcome> {
    const transcriptSid = params.transcript_sid ?? params.TranscriptSid;
    if (!transcriptSid || !/^GT[0-9a-fA-F]{32}$/.test(transcriptSid)) return 'invalid';
    const organizationId = await this.callRows.organizationOfTranscriptSid(transcriptSid);
    if (!organizationId) {
      this.logger.warn(`Twilio transcript webhook for unknown transcript ${transcriptSid}`);
      return 'unknown-call';
    }
    const event = params.event_type ?? params.EventType ?? 'available';
    const key = idempotencyToken
      ? `token:${idempotencyToken}`
      : `transcript:${transcriptSid}:${event}`;
    return this.once(key, organizationId, async (transaction) => {
      const calls = this.tenants.for({ organizationId }, transaction.manager).repository(Call);
      const call = await calls
        .createQueryBuilder('call')
        .andWhere('call.transcriptSid = :transcriptSid', { transcriptSid })
        .setLock('pessimistic_write')
        .getOne();
      if (!call || call.transcriptStatus !== CallTranscriptStatus.REQUESTED) return 'stale';
      await this.transcripts.send(transaction, call);
      await calls.save(call);
      return 'applied';
    });
  }

  /**
   * Runs `apply` with the receipt `key` written in the same transaction: a
   * second delivery finds the receipt and changes nothing. Two deliveries at
   * once race on the receipt's (or the CallSid's) uniqueness; the loser tries
   * again and then sees the winner's work.
   */
  private async once(
    key: string,
    organizationId: string,
    apply: (transaction: Transaction) => Promise<WebhookOutcome>,
  ): Promise<WebhookOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (transaction) => {
          const inserted = await this.receipts.insertOnce(organizationId, key, transaction.manager);
          if (!inserted) return 'duplicate';
          return apply(transaction);
        });
      } catch (error) {
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }
}
