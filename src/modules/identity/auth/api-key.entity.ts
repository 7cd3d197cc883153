import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { References } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { Role } from '@/access/role';

/** A server-to-server credential acting with `role` inside its organization only. */
@ObjectType('ApiKey')
@Entity('api_key')
@Unique('api_key_organization_id_key', ['organizationId', 'id'])
export class ApiKey extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => Role)
  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  /** The public part of the secret (`sbk_<prefix>_…`), used to find the key. */
  @Field()
  @Index({ unique: true })
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text', select: false })
  secretHash: string;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @References('User', 'created_by_user_id', 'SET NULL')
  readonly createdByFk?: never;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The full secret, shown only once.' })
  secret: string;
}
