import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { Relation } from '@/graphql/dataloader/relation-field';
import { TenantEntity } from '@/database/base.entity';
import { User } from '@/modules/users/user.entity';

@ObjectType('TaskComment')
@Entity('task_comment')
@Index('task_comment_task_created_idx', ['taskId', 'createdAt'])
export class TaskComment extends TenantEntity {
  @Column('uuid')
  taskId: string;

  /** The person who wrote it; null when an API key did. */
  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Field(() => User, {
    nullable: true,
    description: 'Null when an API key wrote it.',
  })
  @Relation('user.byId', 'authorId')
  author?: User | null;

  @Column({ type: 'uuid', nullable: true })
  authorApiKeyId: string | null;

  @Field()
  @Column({ type: 'text' })
  body: string;

  @SameOrganization('Task', 'task_id', 'CASCADE')
  readonly taskFk?: never;

  @References('User', 'author_id', 'SET NULL')
  readonly authorFk?: never;

  @SameOrganization('ApiKey', 'author_api_key_id', 'SET NULL')
  readonly authorApiKeyFk?: never;
}
