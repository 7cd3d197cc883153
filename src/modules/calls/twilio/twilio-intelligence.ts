import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { RestException, Twilio } from 'twilio';
import { twilioConfig } from '@/config/configuration';
import {
  describeTwilioFailure,
  TWILIO_TIMEOUT_MS,
  twilioCredentialsOf,
  twilioRestClient,
} from './twilio.client';

/** A Transcript's status at Twilio (the SDK's TranscriptStatus). */
export type TwilioTranscriptStatus =
  'queued' | 'in-progress' | 'completed' | 'new' | 'failed' | 'canceled' | 'error';

/** Statuses after which a Transcript never completes. */
export const TWILIO_TRANSCRIPT_FAILED: ReadonlyArray<TwilioTranscriptStatus> = [
  'failed',
  'canceled',
  'error',
];

/** One sentence of a completed Transcript: the recording channel (1 or 2) it was heard on. */
export interface TwilioSentence {
  channel: number;
  startSec: number;
  endSec: number;
  text: string;
}

/**
 * A request to Twilio failed. `retryable` for what may pass (429, 5xx, no
 * answer): the job is retried; otherwise (400, 404…) Twilio refused this
 * request for good and the transcript attempt fails with `message`.
 */
export class TwilioRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TwilioRequestError';
  }
}

function failure(what: string, error: unknown, timeoutMs: number): TwilioRequestError {
  const status = error instanceof RestException ? error.status : undefined;
  const retryable = status === undefined || status === 429 || status >= 500;
  const detail =
    error instanceof RestException && status !== undefined && status < 500 && error.message
      ? ` (${error.message})`
      : '';
  return new TwilioRequestError(
    `${what}: ${describeTwilioFailure(error, timeoutMs)}${detail}`,
    retryable,
  );
}

const seconds = (value: unknown): number => {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number.parseFloat(value)
        : Number.NaN;
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : 0;
};

/**
 * Twilio Conversational Intelligence (transcripts of call recordings) and
 * the recordings themselves, through the official SDK's client
 * (twilioRestClient: TWILIO_API_BASE_URL and TWILIO_INTELLIGENCE_BASE_URL).
 * Configured when the Twilio account (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
 * and TWILIO_INTELLIGENCE_SERVICE_SID are set; otherwise `unavailableReason`
 * says why recordings are not transcribed.
 */
@Injectable()
export class TwilioIntelligence {
  private readonly client: Twilio | null;
  private readonly serviceSid: string | null;
  private readonly timeoutMs: number;

  constructor(@Inject(twilioConfig.KEY) config: ConfigType<typeof twilioConfig>) {
    this.timeoutMs = config.timeoutMs ?? TWILIO_TIMEOUT_MS;
    const credentials = twilioCredentialsOf(config);
    this.client = credentials ? twilioRestClient(credentials, this.timeoutMs) : null;
    this.serviceSid = config.intelligenceServiceSid ?? null;
  }

  /** Whether recordings can be transcribed. */
  get configured(): boolean {
    return this.client !== null && this.serviceSid !== null;
  }

  /** Why recordings are not transcribed on this server; null when they are. */
  get unavailableReason(): string | null {
    if (!this.client) {
      return 'Recordings are not transcribed: Twilio is not configured on this server (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)';
    }
    if (!this.serviceSid) {
      return 'Recordings are not transcribed: no Twilio Conversational Intelligence service is configured (TWILIO_INTELLIGENCE_SERVICE_SID)';
    }
    return null;
  }

  /** Whether the account deletes recordings (Twilio configured). */
  get canDeleteRecordings(): boolean {
    return this.client !== null;
  }

  private require(): { client: Twilio; serviceSid: string } {
    if (!this.client || !this.serviceSid) throw new Error(this.unavailableReason ?? 'unavailable');
    return { client: this.client, serviceSid: this.serviceSid };
  }

  /**
   * The Transcript of `recordingSid` for the call `callId` (its customer
   * key): one still usable from an earlier request (a worker that died
   * after Twilio accepted it asks again and finds it), else a new one.
   * Channel `agentChannel` is the agent, the other the customer.
   */
  async requestTranscript(
    recordingSid: string,
    callId: string,
    agentChannel: 1 | 2,
    excludeSid?: string | null,
  ): Promise<string> {
    const { client, serviceSid } = this.require();
    try {
      const existing = await client.intelligence.v2.transcripts.list({
        serviceSid,
        sourceSid: recordingSid,
        limit: 20,
      });
      const usable = existing.find(
        (transcript) =>
          transcript.customerKey === callId &&
          transcript.sid !== excludeSid &&
          !TWILIO_TRANSCRIPT_FAILED.includes(transcript.status),
      );
      if (usable) return usable.sid;
      const customerChannel = agentChannel === 1 ? 2 : 1;
      const created = await client.intelligence.v2.transcripts.create({
        serviceSid,
        customerKey: callId,
        channel: {
          media_properties: { source_sid: recordingSid },
          participants: [
            { channel_participant: agentChannel, role: 'Agent', user_id: `agent-${callId}` },
            {
              channel_participant: customerChannel,
              role: 'Customer',
              user_id: `customer-${callId}`,
            },
          ],
        },
      });
      return created.sid;
    } catch (error) {
      throw failure('Could not request the transcript from Twilio', error, this.timeoutMs);
    }
  }

  async status(transcriptSid: string): Promise<TwilioTranscriptStatus> {
    const { client } = this.require();
    try {
      return (await client.intelligence.v2.transcripts(transcriptSid).fetch()).status;
    } catch (error) {
      throw failure('Could not read the transcript at Twilio', error, this.timeoutMs);
    }
  }

  /** Every sentence of a completed Transcript, in order (all pages). */
  async sentences(transcriptSid: string): Promise<TwilioSentence[]> {
    const { client } = this.require();
    try {
      const sentences = await client.intelligence.v2
        .transcripts(transcriptSid)
        .sentences.list({ pageSize: 1000 });
      return sentences
        .slice()
        .sort((a, b) => a.sentenceIndex - b.sentenceIndex)
        .map((sentence) => ({
          channel: sentence.mediaChannel,
          startSec: seconds(sentence.startTime),
          endSec: seconds(sentence.endTime),
          text: sentence.transcript ?? '',
        }));
    } catch (error) {
      throw failure("Could not read the transcript's sentences at Twilio", error, this.timeoutMs);
    }
  }

  /** Deletes a Transcript given up on (timed out); a missing one counts as deleted. */
  async deleteTranscript(transcriptSid: string): Promise<void> {
    const { client } = this.require();
    try {
      await client.intelligence.v2.transcripts(transcriptSid).remove();
    } catch (error) {
      if (error instanceof RestException && error.status === 404) return;
      throw failure('Could not delete the transcript at Twilio', error, this.timeoutMs);
    }
  }

  /** Deletes a recording from the Twilio account; a missing one counts as deleted. */
  async deleteRecording(recordingSid: string): Promise<void> {
    if (!this.client) throw new Error(this.unavailableReason ?? 'unavailable');
    try {
      await this.client.recordings(recordingSid).remove();
    } catch (error) {
      if (error instanceof RestException && error.status === 404) return;
      throw failure('Could not delete the recording at Twilio', error, this.timeoutMs);
    }
  }
}
