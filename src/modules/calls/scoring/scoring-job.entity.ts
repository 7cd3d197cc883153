import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { JobStatus } from '../calls.enums';

/**
 * The scoring of one call against one scorecard version. Unique per call and
 * version: asking again returns the same job (re-queued only after FAILED),
 * and the worker skips a job that is already COMPLETED.
 */
@ObjectType('ScoringJob')
@Entity('scoring_job')
@Unique('scoring_job_organization_id_key', ['organizationId', 'id'])
@Index('scoring_job_call_version_key', ['callId', 'scorecardVersion'], { unique: true })
@Index('scoring_job_open_updated_idx', ['updatedAt'], {
  where: `status IN ('QUEUED', 'RUNNING')`,
})
export class ScoringJob extends TenantEntity {
  @Column({ type: 'uuid' })
  callId: string;

  @Column({ type: 'uuid' })
  scorecardId: string;

  @Column({ type: 'int' })
  scorecardVersion: number;

  @Field(() => JobStatus)
  @Column({
    type: 'enum',
    // SKIPPED is an automation run's status only; a scoring job never has it.
    enum: [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED],
    enumName: 'scoring_job_status',
    default: JobStatus.QUEUED,
  })
  status: JobStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  scoreId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /**
   * The outbox event that carries the job's latest queue message (the relay
   * makes its id the BullMQ job id), so `scoreCall` can tell whether the
   * queue still holds it. Null for jobs queued before it was recorded.
   */
  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  /**
   * Times ScoringReconciler sent the job a new message because the queue
   * had lost the last one (or failed it for good with attempts left); past
   * RECONCILE_MAX_REQUEUES the job ends FAILED instead.
   */
  @Column({ type: 'int', default: 0 })
  requeues: number;

  @SameOrganization('Call', 'call_id', 'CASCADE')
  readonly callFk?: never;

  @SameOrganization('Scorecard', 'scorecard_id', 'NO ACTION')
  readonly scorecardFk?: never;

  @SameOrganization('CallScore', 'score_id', 'SET NULL')
  readonly scoreFk?: never;
}
