import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';

/** A driver, optionally a member of the organization (`userId`). */
@ObjectType('Driver')
@Entity('driver')
@Unique('driver_organization_id_key', ['organizationId', 'id'])
export class Driver extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @SameOrganization('Membership', 'user_id', 'SET NULL', 'userId')
  readonly memberFk?: never;
}
