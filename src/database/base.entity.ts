import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { References } from './references';

/** Columns every table has: a UUID key and creation / update times. */
@ObjectType({ isAbstract: true })
export abstract class BaseEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A row owned by one organization (the tenant). Read and write such rows only
 * through `TenantScope` (tenant-scope.ts), which adds the organization filter;
 * the organization id comes from the caller's credentials, never arguments.
 */
@ObjectType({ isAbstract: true })
export abstract class TenantEntity extends BaseEntity {
  @Index()
  @Column('uuid')
  organizationId: string;

  @References('Organization', 'organization_id', 'CASCADE')
  readonly organizationFk?: never;
}
