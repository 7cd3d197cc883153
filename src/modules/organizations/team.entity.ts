import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { TeamRole } from '@/access/role';

@ObjectType('Team')
@Entity('team')
@Index('team_organization_name_unique', ['organizationId', 'name'], { unique: true })
@Unique('team_organization_id_key', ['organizationId', 'id'])
export class Team extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}

@ObjectType('TeamMember')
@Entity('team_member')
@Index('team_member_team_user_unique', ['teamId', 'userId'], { unique: true })
export class TeamMember extends TenantEntity {
  @Index()
  @Column('uuid')
  teamId: string;

  @Index()
  @Column('uuid')
  userId: string;

  @Field(() => TeamRole)
  @Column({ type: 'enum', enum: TeamRole, enumName: 'team_role', default: TeamRole.MEMBER })
  role: TeamRole;

  @SameOrganization('Team', 'team_id', 'CASCADE')
  readonly teamFk?: never;

  @SameOrganization('Membership', 'user_id', 'CASCADE', 'userId')
  readonly memberFk?: never;
}
