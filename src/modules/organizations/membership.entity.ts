import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from '../../database/base.entity';
import { Role } from './role';

/** A user's place in an organization, with their role there. */
@ObjectType('Membership')
@Entity('membership')
@Index('membership_organization_user_unique', ['organizationId', 'userId'], { unique: true })
export class Membership extends TenantEntity {
  @Index()
  @Column('uuid')
  userId: string;

  @Field(() => Role)
  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  /**
   * Not a column: set only on what `addMember` returns when it invited a new
   * person, because the token is stored hashed and cannot be shown again.
   */
  @Field(() => String, {
    nullable: true,
    description:
      'Only in the addMember reply that invited someone new: the one-time token with which they set a password (acceptInvite). Shown once; null everywhere else.',
  })
  inviteToken?: string | null;
}
