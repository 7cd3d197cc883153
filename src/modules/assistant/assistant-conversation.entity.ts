import { Column, Entity, Index, Unique } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import type { AssistantChannel, ConversationMemory } from './assistant-types';

/**
 * What the assistant remembers between one caller's turns ("make it urgent"
 * right after creating a task; a pending confirmation). Owned by one actor: a
 * conversation id of someone else is NOT_FOUND. Expires after
 * ASSISTANT_CONVERSATION_TTL_MINUTES without a turn.
 */
@Entity('assistant_conversation')
@Unique('assistant_conversation_organization_id_key', ['organizationId', 'id'])
@Index('assistant_conversation_updated_idx', ['updatedAt'])
export class AssistantConversation extends TenantEntity {
  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('uuid', { nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'text' })
  channel: AssistantChannel;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  memory: ConversationMemory;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;

  @SameOrganization('ApiKey', 'api_key_id', 'CASCADE')
  readonly apiKeyFk?: never;
}
