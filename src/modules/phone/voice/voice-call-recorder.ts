import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import {
  CALL_STATUS_RANK,
  CallDirection,
  CallHandler,
  CallStatus,
  Speaker,
} from '@/modules/calls/calls.enums';
import { CallEvents } from '@/modules/calls/calls/call-events';
import { Call, TranscriptSegment } from '@/modules/calls/calls/call.entity';
import { CallRepository } from '@/modules/calls/calls/call.repository';
import type { PhoneNumberRoute } from '@/modules/calls/calls/phone-number.repository';

/** Seconds a spoken line takes, roughly (about 2.5 words a second). */
function speakingSec(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(0.5, Math.round((words / 2.5) * 10) / 10);
}

const round = (sec: number): number => Math.round(sec * 10) / 10;

/**
 * A call to the voice assistant is a call: its Call row (keyed by CallSid,
 * direction INBOUND, handled by the ASSISTANT, the caller once signed in)
 * and its turns as the transcript (the caller as CUSTOMER, the assistant as
 * AGENT). Each change locks the row by CallSid, like Twilio's status
 * callback does (TwilioWebhooksService), so the two apply one after the
 * other, and publishes callUpdated for the live call board.
 */
@Injectable()
export class VoiceCallRecorder {
  constructor(
    private readonly callRows: CallRepository,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly events: CallEvents,
  ) {}

  /** Creates (or takes over, if a status callback created it first) the call's row, in progress. */
  async open(
    route: PhoneNumberRoute,
    call: { sid: string; from: string; to: string },
    prompt: string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (transaction) => {
          const organizationId = route.organizationId;
          const calls = this.tenants.for({ organizationId }, transaction.manager).repository(Call);
          const now = new Date();
          let row = await this.callRows.lockByTwilioSid(
            organizationId,
            call.sid,
            transaction.manager,
          );
          row ??= calls.create({
            direction: CallDirection.INBOUND,
            from: call.from,
            to: call.to,
            status: CallStatus.RINGING,
            statusTimeline: [],
            campaignId: route.campaignId,
            twilioCallSid: call.sid,
            externalId: null,
            agentId: null,
            callerId: null,
            startedAt: null,
            endedAt: null,
            durationSec: null,
            recordingUrl: null,
            transcript: [],
          });
          row.handledBy = CallHandler.ASSISTANT;
          if (CALL_STATUS_RANK[row.status] < CALL_STATUS_RANK[CallStatus.IN_PROGRESS]) {
            row.status = CallStatus.IN_PROGRESS;
            row.statusTimeline = [
              ...row.statusTimeline,
              { status: CallStatus.IN_PROGRESS, at: now },
            ];
          }
          row.startedAt ??= now;
          if (row.transcript.length === 0) {
            row.transcript = [
              { speaker: Speaker.AGENT, text: prompt, startSec: 0, endSec: speakingSec(prompt) },
            ];
          }
          const saved = await calls.save(row);
          await this.events.updated(transaction, saved);
        });
      } catch (error) {
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * Appends one turn to the transcript: what the caller said (ending now)
   * and what the assistant answers (starting now), in seconds since the
   * call began; sets the caller once known.
   */
  async turn(
    organizationId: string,
    sid: string,
    said: string | null,
    answer: string,
    callerId?: string,
  ): Promise<void> {
    await this.transactions.run(async (transaction) => {
      const row = await this.callRows.lockByTwilioSid(organizationId, sid, transaction.manager);
      if (!row) return;
      const calls = this.tenants.for({ organizationId }, transaction.manager).repository(Call);
      const began = (row.startedAt ?? row.createdAt).getTime();
      const at = Math.max(0, (Date.now() - began) / 1000);
      const lastEnd = row.transcript.at(-1)?.endSec ?? 0;
      const segments: TranscriptSegment[] = [];
      let cursor = Math.max(lastEnd, at);
      if (said) {
        const start = Math.max(lastEnd, at - speakingSec(said));
        segments.push({
          speaker: Speaker.CUSTOMER,
          text: said,
          startSec: round(start),
          endSec: round(Math.max(start, at)),
        });
        cursor = Math.max(start, at);
      }
      segments.push({
        speaker: Speaker.AGENT,
        text: answer,
        startSec: round(cursor),
        endSec: round(cursor + speakingSec(answer)),
      });
      row.transcript = [...row.transcript, ...segments];
      if (callerId) row.callerId = callerId;
      const saved = await calls.save(row);
      await this.events.updated(transaction, saved);
    });
  }
}
