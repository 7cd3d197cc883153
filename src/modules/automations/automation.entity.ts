import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { Column, Entity, Index, Unique } from 'typeorm';
import { References } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { AutomationTrigger } from './automation.enums';
import type { AutomationCondition, AutomationStepDefinition } from './automation-types';

/**
 * "When <trigger> and <condition>, do <actions>" for one organization
 * (SPEC §9). Runs with its creator's rights, checked again at every run.
 */
@ObjectType('Automation')
@Entity('automation')
@Unique('automation_organization_id_key', ['organizationId', 'id'])
@Index('automation_organization_trigger_idx', ['organizationId', 'trigger', 'enabled'])
export class Automation extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field()
  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Field(() => AutomationTrigger)
  @Column({ type: 'text' })
  trigger: AutomationTrigger;

  /** Trigger settings, e.g. `{ minutesBefore: 15 }` for CALENDAR_EVENT_STARTING. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  triggerOptions: Record<string, unknown>;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  condition: AutomationCondition | null;

  /** The steps in order (resolved to `[AutomationStep!]!` by the resolver). */
  @Column({ type: 'jsonb' })
  actions: AutomationStepDefinition[];

  /** Whose rights the runs use; null once that user is deleted (runs then fail with a readable reason). */
  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @References('User', 'created_by_user_id', 'SET NULL')
  readonly createdByFk?: never;

  @Field(() => Int, {
    description:
      'Failed runs in a row; the automation is disabled at AUTOMATION_MAX_CONSECUTIVE_FAILURES.',
  })
  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  @Field(() => String, { nullable: true, description: 'Why the system disabled it, when it did.' })
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;
}
