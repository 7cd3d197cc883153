import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References } from '@/database/references';
import { BaseEntity } from '@/database/base.entity';

/**
 * One sign-in (a refresh-token family) on one device. Access tokens name it,
 * and stop working the moment it is revoked.
 */
@ObjectType('Session')
@Entity('session')
export class Session extends BaseEntity {
  @Index()
  @Column('uuid')
  userId: string;

  /** The organization the session's tokens act in (changed by switchOrganization). */
  @Column('uuid')
  organizationId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Field()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUsedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: string | null;

  /** Set per request: whether this is the caller's own session. */
  @Field(() => Boolean)
  current: boolean;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;

  @References('Organization', 'organization_id', 'CASCADE')
  readonly organizationFk?: never;
}

/** Refresh tokens of a session, each usable once; only their SHA-256 is kept. */
@Entity('refresh_token')
export class RefreshToken extends BaseEntity {
  @Index()
  @Column('uuid')
  sessionId: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  /** When it was exchanged for the next one; a second use is a replay. */
  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @References('Session', 'session_id', 'CASCADE')
  readonly sessionFk?: never;
}
