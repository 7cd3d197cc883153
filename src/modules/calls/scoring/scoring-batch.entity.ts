import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { ScoringBatchItemStatus, ScoringBatchStatus } from '../calls.enums';

/**
 * One Anthropic Message Batch of one organization's scoring jobs
 * (BatchScoringService). The row is written (SUBMITTING, its items assigned)
 * before the batch is sent, so a worker that dies mid-send leaves a row the
 * next tick finds; the provider's batch id is stored once Anthropic answers.
 */
@Entity('scoring_batch')
@Unique('scoring_batch_organization_id_key', ['organizationId', 'id'])
@Index('scoring_batch_open_poll_idx', ['nextPollAt'], {
  where: `status IN ('SUBMITTING', 'IN_PROGRESS')`,
})
export class ScoringBatch extends TenantEntity {
  /** Anthropic's id (msgbatch_…); null until the create request was answered. */
  @Column({ type: 'text', nullable: true })
  providerBatchId: string | null;

  @Column({
    type: 'enum',
    enum: ScoringBatchStatus,
    enumName: 'scoring_batch_status',
    default: ScoringBatchStatus.SUBMITTING,
  })
  status: ScoringBatchStatus;

  @Column({ type: 'text' })
  model: string;

  @Column({ type: 'int' })
  requestCount: number;

  /** Times its status was asked for (the back-off grows with it). */
  @Column({ type: 'int', default: 0 })
  polls: number;

  /** When it is next asked about (or, while SUBMITTING, given up as lost). */
  @Column({ type: 'timestamptz' })
  nextPollAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}

/**
 * A scoring job waiting for, or sent in, a Message Batch. One per job: the
 * job's custom_id in a batch is this row's id, so a result maps back to
 * exactly one job, and a result read twice finds the row no longer
 * SUBMITTED (the score is written once).
 */
@Entity('scoring_batch_item')
@Index('scoring_batch_item_job_key', ['jobId'], { unique: true })
@Index('scoring_batch_item_pending_idx', ['organizationId', 'createdAt'], {
  where: `status = 'PENDING'`,
})
@Index('scoring_batch_item_batch_idx', ['batchId'])
export class ScoringBatchItem extends TenantEntity {
  @Column({ type: 'uuid' })
  jobId: string;

  @Column({ type: 'uuid', nullable: true })
  batchId: string | null;

  @Column({
    type: 'enum',
    enum: ScoringBatchItemStatus,
    enumName: 'scoring_batch_item_status',
    default: ScoringBatchItemStatus.PENDING,
  })
  status: ScoringBatchItemStatus;

  /** Batches it was sent in. */
  @Column({ type: 'int', default: 0 })
  submissions: number;

  /** Results that came back `errored` (or with an answer that broke the schema). */
  @Column({ type: 'int', default: 0 })
  errors: number;

  /** The last result's type and message, for the job's readable error. */
  @Column({ type: 'text', nullable: true })
  lastResult: string | null;

  @SameOrganization('ScoringJob', 'job_id', 'CASCADE')
  readonly jobFk?: never;

  @SameOrganization('ScoringBatch', 'batch_id', 'SET NULL')
  readonly batchFk?: never;
}
