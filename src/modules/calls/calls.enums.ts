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

registerEnumType(CallDirection, { name: 'CallDirection' });
registerEnumType(CallStatus, { name: 'CallStatus' });
registerEnumType(ScoreStatus, { name: 'ScoreStatus' });
registerEnumType(CriterionKind, { name: 'CriterionKind' });
registerEnumType(JobStatus, { name: 'JobStatus' });
registerEnumType(Speaker, { name: 'Speaker' });
registerEnumType(CallHandler, { name: 'CallHandler' });
registerEnumType(ReportGrouping, { name: 'ReportGrouping' });

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
