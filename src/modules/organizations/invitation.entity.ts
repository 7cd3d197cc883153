import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '../../database/base.entity';

/** A one-time token with which an invited user (no password yet) sets one. */
@Entity('invitation')
export class Invitation extends TenantEntity {
  @Index()
  @Column('uuid')
  userId: string;

  /** SHA-256 of the token; the token itself is shown once. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;
}
