import { Column, Entity, Index } from 'typeorm';
import { References } from '@/database/references';
import { BaseEntity } from '@/database/base.entity';

/** A single-use email verification link (its token stored as SHA-256), valid 24 hours. */
@Entity('email_verification')
export class EmailVerification extends BaseEntity {
  @Index()
  @Column('uuid')
  userId: string;

  /** The address verified: a later change of the account's email voids the link. */
  @Column({ type: 'text' })
  email: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;
}
