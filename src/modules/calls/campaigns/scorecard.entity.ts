import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { GraphQLJSON } from '@/graphql/scalars';
import { CriterionKind } from '../calls.enums';
import { CriterionDefinition } from './criteria';

@ObjectType('Criterion')
export class Criterion {
  @Field()
  key: string;

  @Field()
  description: string;

  @Field(() => CriterionKind)
  kind: CriterionKind;

  @Field(() => Float, {
    description: 'Share of the overall score; the weights of a scorecard add up to 100.',
  })
  weight: number;

  @Field(() => GraphQLJSON, { nullable: true })
  config: unknown;
}

/** One version of a campaign's scorecard. Never changed once written. */
@ObjectType('Scorecard')
@Entity('scorecard')
@Index('scorecard_campaign_version_key', ['campaignId', 'version'], { unique: true })
@Unique('scorecard_organization_id_key', ['organizationId', 'id'])
export class Scorecard extends TenantEntity {
  @Column({ type: 'uuid' })
  campaignId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  version: number;

  @Field(() => [Criterion])
  @Column({ type: 'jsonb' })
  criteria: CriterionDefinition[];

  @SameOrganization('Campaign', 'campaign_id', 'CASCADE')
  readonly campaignFk?: never;
}
