import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { Role } from '@/access/role';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(InvitationStatus, { name: 'InvitationStatus' });

/**
 * An invitation to join an organization with a role. The membership exists
 * only once the invitee accepts: signed in with the invited (verified)
 * email, or through the emailed one-time token with which a new person sets
 * their password. Decided invitations stay as a record.
 */
@ObjectType('Invitation')
@Entity('invitation')
@Index('invitation_pending_unique', ['organizationId', 'userId'], {
  unique: true,
  where: 'accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL',
})
export class Invitation extends TenantEntity {
  @Index()
  @Column('uuid')
  userId: string;

  /** The address the invitation was sent to (the invitee's account email). */
  @Field()
  @Column({ type: 'text' })
  email: string;

  @Field(() => Role)
  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  @Column('uuid', { nullable: true })
  invitedByUserId: string | null;

  /** SHA-256 of the emailed token; the token itself is never stored nor shown. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Field()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Field(() => InvitationStatus)
  get status(): InvitationStatus {
    if (this.acceptedAt) return InvitationStatus.ACCEPTED;
    if (this.declinedAt) return InvitationStatus.DECLINED;
    if (this.revokedAt) return InvitationStatus.REVOKED;
    if (this.expiresAt.getTime() <= Date.now()) return InvitationStatus.EXPIRED;
    return InvitationStatus.PENDING;
  }

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;

  @References('User', 'invited_by_user_id', 'SET NULL')
  readonly invitedByFk?: never;
}
