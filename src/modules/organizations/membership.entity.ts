import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { Role } from '@/access/role';

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  INVITED = 'INVITED',
}
registerEnumType(MembershipStatus, { name: 'MembershipStatus' });

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

  /** Always null: invitation tokens go to the invitee by email only. */
  @Field(() => String, {
    nullable: true,
    deprecationReason:
      'Always null: the invitation token is emailed to the invitee and never shown to the admin.',
  })
  inviteToken?: null;

  /** Not a column: what `addMember` returns stands for an invitation until it is accepted. */
  @Field(() => MembershipStatus, {
    description:
      'ACTIVE for a membership; INVITED in the addMember reply, whose `id` is then the invitation id (the membership exists once the invitee accepts).',
  })
  status: MembershipStatus = MembershipStatus.ACTIVE;

  @References('User', 'user_id', 'CASCADE')
  readonly userFk?: never;
}
