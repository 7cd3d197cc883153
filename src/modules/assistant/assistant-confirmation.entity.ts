import { Column, Entity, Index } from 'typeorm';
import { References, SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/**
 * A server-minted confirmation for one destructive tool call: bound to the
 * actor, the tool and the exact input (by hash), single use, short-lived.
 * Only the token's SHA-256 is stored.
 */
@Entity('assistant_confirmation')
@Index('assistant_confirmation_token_idx', ['tokenHash'], { unique: true })
@Index('assistant_confirmation_expires_idx', ['expiresAt'])
export class AssistantConfirmation extends TenantEntity {
  @Column({ type: 'text' })
  tokenHash: string;

  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('uuid', { nullable: true })
  apiKeyId: string | null;

  @Column({ type: 'text' })
  tool: string;

  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  @Column({ type: 'text' })
  inputHash: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;

  @SameOrganization('ApiKey', 'api_key_id', 'CASCADE')
  readonly apiKeyFk?: never;
}
