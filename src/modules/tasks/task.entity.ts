import { Field, Float, ObjectType } from '@nestjs/graphql';
import { Column, DeleteDateColumn, Entity, Index, Unique } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { Relation } from '@/graphql/dataloader/relation-field';
import { TenantEntity } from '@/database/base.entity';
import { User } from '@/modules/users/user.entity';
import { Team } from '@/modules/organizations/team.entity';
import { TaskPriority, TaskSource, TaskStatus } from './task.enums';

export const SEARCH_VECTOR_EXPRESSION =
  "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))";

/**
 * A task, possibly a subtask of another (`parentId`, any depth). Soft-deleted
 * rows (`deletedAt`) are invisible: TypeORM leaves them out of every find and
 * query builder, and the raw recursive queries say `deleted_at IS NULL`.
 * Relations are ids here. `assignee` and `team` are filled when a list joined
 * them, and otherwise load through the request's DataLoaders (`@Relation`);
 * parent, subtasks and comments load through DataLoaders in the resolver.
 */
@ObjectType('Task')
@Entity('task')
@Index('task_organization_team_idx', ['organizationId', 'teamId'])
@Index('task_organization_parent_position_idx', ['organizationId', 'parentId', 'position'])
@Index('task_organization_due_at_idx', ['organizationId', 'dueAt'])
// The board's default order (position, then id): a page is a short index
// range read instead of sorting every live task of the organization or team.
@Index('task_organization_position_idx', ['organizationId', 'position', 'id'], {
  where: '"deleted_at" IS NULL',
})
@Index('task_organization_team_position_idx', ['organizationId', 'teamId', 'position', 'id'], {
  where: '"deleted_at" IS NULL',
})
// GIN indexes TypeORM cannot declare: created in the migration, ignored by sync.
@Index('task_search_vector_idx', { synchronize: false })
@Index('task_labels_idx', { synchronize: false })
@Unique('task_organization_id_key', ['organizationId', 'id'])
// One task per step of an automation run: a CREATE_TASK step performed again
// (its worker died before the run recorded it) finds its task instead of adding one.
@Index('task_automation_step_key', ['automationRunId', 'automationStep'], {
  unique: true,
  where: '"automation_run_id" IS NOT NULL',
})
export class Task extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => TaskStatus)
  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status', default: TaskStatus.TODO })
  status: TaskStatus;

  @Field(() => TaskPriority)
  @Column({
    type: 'enum',
    enum: TaskPriority,
    enumName: 'task_priority',
    default: TaskPriority.MEDIUM,
  })
  priority: TaskPriority;

  /** PRIORITY_RANK[priority], kept in step by the service; what PRIORITY ordering sorts by. */
  @Column({ type: 'smallint', default: 2 })
  priorityRank: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** Set when the status becomes DONE, cleared when it leaves DONE. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Field(() => User, { nullable: true })
  @Relation('user.byId', 'assigneeId')
  assignee?: User | null;

  /** The person who created it; null when an API key did. */
  @Column({ type: 'uuid', nullable: true })
  creatorId: string | null;

  @Field(() => User, {
    nullable: true,
    description: 'Null when an API key created it.',
  })
  @Relation('user.byId', 'creatorId')
  creator?: User | null;

  @Column({ type: 'uuid', nullable: true })
  creatorApiKeyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Field(() => Team, { nullable: true })
  @Relation('team.byId', 'teamId')
  team?: Team | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Field(() => [String])
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels: string[];

  /** Order among siblings; fractional so a move rewrites one row. */
  @Field(() => Float)
  @Column({ type: 'double precision' })
  position: number;

  @Field(() => TaskSource)
  @Column({ type: 'enum', enum: TaskSource, enumName: 'task_source' })
  source: TaskSource;

  /**
   * The automation run whose CREATE_TASK step created it, and the step's
   * index (null otherwise). No foreign key: runs are pruned by age, the task
   * stays.
   */
  @Column({ type: 'uuid', nullable: true })
  automationRunId: string | null;

  @Column({ type: 'smallint', nullable: true })
  automationStep: number | null;

  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: SEARCH_VECTOR_EXPRESSION,
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  searchVector?: unknown;

  @SameOrganization('Team', 'team_id', 'SET NULL')
  readonly teamFk?: never;

  @SameOrganization('Task', 'parent_id', 'CASCADE')
  readonly parentFk?: never;

  @SameOrganization('Membership', 'assignee_id', 'SET NULL', 'userId')
  readonly assigneeFk?: never;

  @References('User', 'creator_id', 'SET NULL')
  readonly creatorFk?: never;

  @SameOrganization('ApiKey', 'creator_api_key_id', 'SET NULL')
  readonly creatorApiKeyFk?: never;
}
