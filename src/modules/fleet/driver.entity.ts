import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity } from 'typeorm';
import { TenantEntity } from '../../database/base.entity';

/** A driver, optionally a member of the organization (`userId`). */
@ObjectType('Driver')
@Entity('driver')
export class Driver extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;
}
