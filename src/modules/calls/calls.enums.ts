import { registerEnumType } from '@nestjs/graphql';

export enum CallDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}

export enum CallStatus {
  QUEUED = 'QUEUED',
  RINGING = 'RINGING',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  BUSY = 'BUSY',
  NO_ANSWER = 'NO_ANSWER',
  FAILED = 'FAILED',
  CANCELED = 'CANCELED',
}

export enum ScoreStatus {
  NOT_SCORED = 'NOT_SCORED',
  QUEUED = 'QUEUED',
  SCORING = 'SCORING',
  SCORED = 'SCORED',
  FAILED = 'FAILED',
}

export enum CriterionKind {
  LLM_JUDGED = 'LLM_JUDGED',
  PHRASE_REQUIRED = 'PHRASE_REQUIRED',
  PHRASE_FORBIDDEN = 'PHRASE_FORBIDDEN',
  METRIC_THRESHOLD = 'METRIC_THRESHOLD',
}

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  /** Automation runs only: the run was not performed (its `skipReason` says why). */
  SKIPPED = 'SKIPPED',
}

/**
 * Where a call's transcript stands. An imported call arrives with its
 * transcript (COMPLETED); a Twilio call's recording is transcribed through
 * Twilio Conversational Intelligence (PENDING, then REQUESTED, then
 * COMPLETED or FAILED); UNAVAILABLE when a recording cannot be transcribed
 * on this server (`transcriptError` says why).
 */
export enum CallTranscriptStatus {
  /** No transcript and no recording to make one from (yet). */
  NONE = 'NONE',
  /** A recording arrived; the transcript is about to be requested from Twilio. */
  PENDING = 'PENDING',
  /** Twilio is transcribing the recording (`transcriptSid`). */
  REQUESTED = 'REQUESTED',
  COMPLETED = 'COMPLETED',
  /** Every attempt failed or timed out: `transcriptError` says why. */
  FAILED = 'FAILED',
  /** The recording is not transcribed here (Twilio Intelligence not configured): `transcriptError` says why. */
  UNAVAILABLE = 'UNAVAILABLE',
}

/** Who answered a call: a person, or the voice assistant. */
export enum CallHandler {
  AGENT = 'AGENT',
  ASSISTANT = 'ASSISTANT',
}

export enum Speaker {
  AGENT = 'AGENT',
  CUSTOMER = 'CUSTOMER',
}

export enum ReportGrouping {
  AGENT = 'AGENT',
  DAY = 'DAY',
  CRITERION = 'CRITERION',
}

/** How a campaign's calls reach Claude: one request each at once, or Message Batches (half price, minutes to hours). */
export enum ScoringMode {
  REALTIME = 'REALTIME',
  BATCH = 'BATCH',
}

/** A Message Batch we sent to Anthropic: created locally, sent, then ended (results read) or FAILED. */
export enum ScoringBatchStatus {
  SUBMITTING = 'SUBMITTING',
  IN_PROGRESS = 'IN_PROGRESS',
  ENDED = 'ENDED',
  FAILED = 'FAILED',
}

/** One scoring job's place in batch scoring. */
export enum ScoringBatchItemStatus {
  /** Waiting for the next batch (new, or to be sent again after an error or expiry). */
  PENDING = 'PENDING',
  SUBMITTED = 'SUBMITTED',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(CallDirection, { name: 'CallDirection' });
registerEnumType(CallStatus, { name: 'CallStatus' });
registerEnumType(ScoreStatus, { name: 'ScoreStatus' });
registerEnumType(CriterionKind, { name: 'CriterionKind' });
registerEnumType(JobStatus, { name: 'JobStatus' });
registerEnumType(Speaker, { name: 'Speaker' });
registerEnumType(CallHandler, { name: 'CallHandler' });
registerEnumType(CallTranscriptStatus, { name: 'CallTranscriptStatus' });
registerEnumType(ReportGrouping, { name: 'ReportGrouping' });
registerEnumType(ScoringMode, {
  name: 'ScoringMode',
  description:
    'REALTIME: each call is judged by Claude as soon as it is scored. BATCH: calls are collected and sent through the Anthropic Message Batches API (half price; results within minutes, at most 24 hours).',
});

/**
 * How far along a call is. Twilio may deliver status callbacks late or out of
 * order; a call only ever moves to a higher rank, and every final status
 * shares the top rank so one final status never overwrites another.
 */
export const CALL_STATUS_RANK: Record<CallStatus, number> = {
  [CallStatus.QUEUED]: 0,
  [CallStatus.RINGING]: 1,
  [CallStatus.IN_PROGRESS]: 2,
  [CallStatus.COMPLETED]: 3,
  [CallStatus.BUSY]: 3,
  [CallStatus.NO_ANSWER]: 3,
  [CallStatus.FAILED]: 3,
  [CallStatus.CANCELED]: 3,
};
