import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@/database/base.entity';

/** The tenant: every tenant-owned row points at one. */
@ObjectType('Organization')
@Entity('organization')
export class Organization extends BaseEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field()
  @Index({ unique: true })
  @Column({ type: 'text' })
  slug: string;
}
