import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { callsConfig } from '@/config/configuration';
import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { CallDirection, CallTranscriptStatus } from '../calls.enums';
import { Call } from '../calls/call.entity';
import { TwilioIntelligence } from '../twilio/twilio-intelligence';

/** Longest wait between two polls of one transcript. */
export const MAX_TRANSCRIPT_POLL_MS = 300_000;

/**
 * Starts and schedules the transcription of Twilio calls' recordings. The
 * call's row holds the state (transcriptStatus, transcriptSid, attempts,
 * polls) and the id of the one `call-transcripts` message it waits on
 * (transcriptMessageId); every message leaves through the outbox in the
 * transaction that changed the call, so a message is never sent for a
 * change that rolled back. Callers hold the call row locked and save it.
 */
@Injectable()
export class TranscriptRequests {
  constructor(
    private readonly outbox: OutboxService,
    private readonly intelligence: TwilioIntelligence,
    @Inject(callsConfig.KEY) private readonly config: ConfigType<typeof callsConfig>,
  ) {}

  /**
   * A completed recording arrived: transcribe it (PENDING, a job at once),
   * or, without Twilio Intelligence configured, mark it UNAVAILABLE with the
   * reason. A call whose transcript is COMPLETED or under way is left alone.
   */
  async recordingCompleted(transaction: Transaction, call: Call): Promise<boolean> {
    if (
      call.transcript.length > 0 ||
      call.transcriptStatus === CallTranscriptStatus.COMPLETED ||
      call.transcriptStatus === CallTranscriptStatus.PENDING ||
      call.transcriptStatus === CallTranscriptStatus.REQUESTED
    ) {
      return false;
    }
    const reason = this.intelligence.unavailableReason;
    if (reason) {
      call.transcriptStatus = CallTranscriptStatus.UNAVAILABLE;
      call.transcriptError = reason;
      return true;
    }
    call.transcriptStatus = CallTranscriptStatus.PENDING;
    call.transcriptError = null;
    call.transcriptSid = null;
    call.transcriptAttempts = 0;
    call.transcriptPolls = 0;
    call.transcriptRequeues = 0;
    call.transcriptRequestedAt = null;
    await this.send(transaction, call);
    return true;
  }

  /**
   * Gives the call a new `call-transcripts` message (published no earlier
   * than `delayMs` from now): the call waits on it alone, any older message
   * finds itself stale and does nothing.
   */
  async send(transaction: Transaction, call: Call, delayMs = 0): Promise<string> {
    const messageId = await this.outbox.add(transaction, {
      organizationId: call.organizationId,
      job: {
        queue: QueueName.CallTranscripts,
        name: 'transcribe-call',
        payload: { organizationId: call.organizationId, callId: call.id },
      },
      ...(delayMs > 0 ? { notBefore: new Date(Date.now() + delayMs) } : {}),
    });
    call.transcriptMessageId = messageId;
    call.transcriptChangedAt = new Date();
    return messageId;
  }

  /** The wait before poll number `polls` (0-based): CALL_TRANSCRIPT_POLL_MS doubled per poll, at most 5 minutes. */
  pollDelayMs(polls: number): number {
    return Math.min(
      this.config.transcriptPollMs * 2 ** Math.min(polls, 20),
      MAX_TRANSCRIPT_POLL_MS,
    );
  }

  /** The recording channel (1 or 2) of the agent, by the call's direction (the customer is the other). */
  agentChannel(call: Call): 1 | 2 {
    return call.direction === CallDirection.INBOUND
      ? this.config.agentChannelInbound
      : this.config.agentChannelOutbound;
  }
}
