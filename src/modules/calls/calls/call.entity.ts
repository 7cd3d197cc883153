import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { Relation } from '@/graphql/dataloader/relation-field';
import { TenantEntity } from '@/database/base.entity';
import { User } from '@/modules/users/user.entity';
import {
  CallDirection,
  CallHandler,
  CallStatus,
  CallTranscriptStatus,
  ScoreStatus,
  Speaker,
} from '../calls.enums';

@ObjectType('TranscriptSegment')
export class TranscriptSegment {
  @Field(() => Speaker)
  speaker: Speaker;

  @Field()
  text: string;

  @Field(() => Float)
  startSec: number;

  @Field(() => Float)
  endSec: number;
}

/** One status a call went through, as Twilio (or an import) reported it. */
@ObjectType('CallStatusChange')
export class CallStatusChange {
  @Field(() => CallStatus)
  status: CallStatus;

  @Field()
  at: Date;
}

/**
 * A phone call. Arrives from Twilio's status and recording webhooks (keyed
 * by CallSid) or from `importCall` (keyed by the caller's `externalId`).
 */
@ObjectType('Call')
@Entity('call')
@Index('call_twilio_call_sid_key', ['twilioCallSid'], {
  unique: true,
  where: '"twilio_call_sid" IS NOT NULL',
})
@Index('call_transcript_sid_key', ['transcriptSid'], {
  unique: true,
  where: '"transcript_sid" IS NOT NULL',
})
@Index('call_transcript_waiting_idx', ['transcriptChangedAt'], {
  where: `"transcript_status" IN ('PENDING', 'REQUESTED')`,
})
@Index('call_organization_external_id_key', ['organizationId', 'externalId'], {
  unique: true,
  where: '"external_id" IS NOT NULL',
})
@Index('call_organization_campaign_started_idx', ['organizationId', 'campaignId', 'startedAt'])
@Index('call_organization_agent_idx', ['organizationId', 'agentId'])
@Index('call_organization_created_idx', ['organizationId', 'createdAt'])
@Unique('call_organization_id_key', ['organizationId', 'id'])
export class Call extends TenantEntity {
  @Field(() => CallDirection)
  @Column({ type: 'enum', enum: CallDirection, enumName: 'call_direction' })
  direction: CallDirection;

  @Field()
  @Column({ type: 'text' })
  from: string;

  @Field()
  @Column({ type: 'text' })
  to: string;

  @Field(() => CallStatus)
  @Column({ type: 'enum', enum: CallStatus, enumName: 'call_status' })
  status: CallStatus;

  /** Stored as JSON (times as ISO strings); the resolver turns them back into dates. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  statusTimeline: Array<{ status: CallStatus; at: Date | string }>;

  @Column({ type: 'uuid', nullable: true })
  agentId: string | null;

  @Field(() => User, { nullable: true })
  @Relation('user.byId', 'agentId')
  agent?: User | null;

  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  twilioCallSid: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The importer's own id; importing it again returns this call.",
  })
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  durationSec: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  recordingUrl: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Twilio's RecordingSid (RE…) of the call's completed recording.",
  })
  @Column({ type: 'text', nullable: true })
  recordingSid: string | null;

  @Field(() => CallTranscriptStatus, {
    description:
      'Where the transcript stands: imported calls are COMPLETED; a Twilio recording goes PENDING, REQUESTED (Twilio Conversational Intelligence is transcribing it), then COMPLETED or FAILED.',
  })
  @Column({
    type: 'enum',
    enum: CallTranscriptStatus,
    enumName: 'call_transcript_status',
    default: CallTranscriptStatus.NONE,
  })
  transcriptStatus: CallTranscriptStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why the transcript is FAILED or UNAVAILABLE, in words a supervisor can read.',
  })
  @Column({ type: 'text', nullable: true })
  transcriptError: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Twilio Conversational Intelligence's Transcript SID (GT…) of the latest attempt.",
  })
  @Column({ type: 'text', nullable: true })
  transcriptSid: string | null;

  /** Transcripts requested from Twilio for this recording (each failure or timeout starts one more, up to CALL_TRANSCRIPT_MAX_ATTEMPTS). */
  @Column({ type: 'int', default: 0 })
  transcriptAttempts: number;

  /** When the current attempt was requested (its CALL_TRANSCRIPT_TIMEOUT_MS runs from here). */
  @Column({ type: 'timestamptz', nullable: true })
  transcriptRequestedAt: Date | null;

  /** Polls of the current attempt (the next poll waits CALL_TRANSCRIPT_POLL_MS × 2^polls, at most 5 minutes). */
  @Column({ type: 'int', default: 0 })
  transcriptPolls: number;

  /**
   * The outbox id (= BullMQ job id) of the transcript job the call waits on
   * while PENDING or REQUESTED: a job with another id is stale and does
   * nothing, and TranscriptReconciler re-sends it when the queue lost it.
   */
  @Column({ type: 'uuid', nullable: true })
  transcriptMessageId: string | null;

  /** When the transcript job last changed (TranscriptReconciler's grace runs from here). */
  @Column({ type: 'timestamptz', nullable: true })
  transcriptChangedAt: Date | null;

  /** Times TranscriptReconciler re-sent a lost transcript job (at most RECONCILE_MAX_REQUEUES). */
  @Column({ type: 'int', default: 0 })
  transcriptRequeues: number;

  @Field(() => CallHandler, {
    description:
      'AGENT for a call a person answered; ASSISTANT for a call to a voice-assistant number (its turns are the transcript: the caller as CUSTOMER, the assistant as AGENT).',
  })
  @Column({
    type: 'enum',
    enum: CallHandler,
    enumName: 'call_handler',
    default: CallHandler.AGENT,
  })
  handledBy: CallHandler;

  /** The member who called the voice assistant, once their PIN was accepted. */
  @Column({ type: 'uuid', nullable: true })
  callerId: string | null;

  @Field(() => User, {
    nullable: true,
    description: 'The member who called the voice assistant, once signed in by PIN.',
  })
  @Relation('user.byId', 'callerId')
  caller?: User | null;

  @Field(() => [TranscriptSegment])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  transcript: TranscriptSegment[];

  @Field(() => Int, {
    description:
      "How many card numbers, security codes, expiry dates, SSNs and account numbers were replaced by markers in the transcript before it was stored (0 when the organization's `redactTranscripts` is off).",
  })
  @Column({ type: 'int', default: 0 })
  redactions: number;

  @Field(() => ScoreStatus)
  @Column({
    type: 'enum',
    enum: ScoreStatus,
    enumName: 'call_score_status',
    default: ScoreStatus.NOT_SCORED,
  })
  scoreStatus: ScoreStatus;

  /** The latest score (of the newest scorecard version scored). */
  @Column({ type: 'uuid', nullable: true })
  scoreId: string | null;

  @References('User', 'agent_id', 'SET NULL')
  readonly agentFk?: never;

  @References('User', 'caller_id', 'SET NULL')
  readonly callerFk?: never;

  @SameOrganization('Campaign', 'campaign_id', 'SET NULL')
  readonly campaignFk?: never;

  @SameOrganization('CallScore', 'score_id', 'SET NULL')
  readonly scoreFk?: never;
}
