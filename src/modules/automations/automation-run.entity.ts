import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { Column, Entity, Index } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { JobStatus } from '@/modules/calls/calls.enums';
import { AutomationTrigger } from './automation.enums';
import type { AutomationEventData, AutomationStepRecord } from './automation-types';

/**
 * One run of one automation for one committed event: at most one per
 * (automation, event) — `eventKey` is the outbox event id, or for scheduled
 * triggers the subject and its occurrence (`task:<id>:<dueAt>`).
 */
@ObjectType('AutomationRun')
@Entity('automation_run')
@Index('automation_run_event_key', ['automationId', 'eventKey'], { unique: true })
@Index('automation_run_automation_created_idx', [
  'organizationId',
  'automationId',
  'createdAt',
  'id',
])
@Index('automation_run_status_idx', ['status', 'updatedAt'])
export class AutomationRun extends TenantEntity {
  @Column('uuid')
  automationId: string;

  @SameOrganization('Automation', 'automation_id', 'CASCADE')
  readonly automationFk?: never;

  @Field(() => AutomationTrigger)
  @Column({ type: 'text' })
  trigger: AutomationTrigger;

  @Column({ type: 'text' })
  eventKey: string;

  @Field(() => GraphQLJSON, { description: 'The whitelisted event data the run saw.' })
  @Column({ type: 'jsonb', default: () => "'{}'" })
  event: AutomationEventData;

  @Field(() => JobStatus)
  @Column({ type: 'text' })
  status: JobStatus;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the run was not performed (loop guard, chain depth, rate cap, disabled), when it was skipped.',
  })
  @Column({ type: 'text', nullable: true })
  skipReason: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Int, {
    description: '0 for a run caused by a person; 1 + its cause for a run caused by another run.',
  })
  @Column({ type: 'int', default: 0 })
  chainDepth: number;

  /** The run whose write caused this event, when one did (not a foreign key: runs are pruned). */
  @Field(() => String, { nullable: true })
  @Column('uuid', { nullable: true })
  causedByRunId: string | null;

  @Field(() => GraphQLJSON, {
    description: 'Each step: action, status, attempts, error, output summary, timings.',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  steps: AutomationStepRecord[];

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
