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

  @Field({
    description:
      'Card numbers, security codes, expiry dates, SSNs and bank account numbers are replaced by markers (`[card number]`, …) in call transcripts before they are stored or scored. On by default; changed with `updateOrganizationSettings` (ADMIN and above).',
  })
  @Column({ type: 'boolean', default: true })
  redactTranscripts: boolean;
}
