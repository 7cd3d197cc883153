import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '@/graphql/scalars';
import { Column, Entity, Index } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/** Who changed what in an organization, and how: written in the same transaction as the change. */
@ObjectType('AuditEntry')
@Entity('audit_entry')
@Index('audit_entry_organization_created_idx', ['organizationId', 'createdAt', 'id'])
@Index('audit_entry_entity_idx', ['organizationId', 'entityType', 'entityId'])
export class AuditEntry extends TenantEntity {
  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorApiKeyId: string | null;

  @Field()
  @Column({ type: 'text' })
  action: string;

  @Field()
  @Column({ type: 'text' })
  entityType: string;

  @Field(() => ID)
  @Column({ type: 'text' })
  entityId: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The assistant door the change came through (assistant, mcp, voice, sms); null for the API.',
  })
  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;

  @References('User', 'actor_user_id', 'SET NULL')
  readonly actorUserFk?: never;

  @SameOrganization('ApiKey', 'actor_api_key_id', 'SET NULL')
  readonly actorApiKeyFk?: never;
}
