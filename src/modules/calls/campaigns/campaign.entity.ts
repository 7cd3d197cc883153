import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { ScoringMode } from '../calls.enums';

/**
 * A calling campaign. Its scorecard lives in `scorecard` rows, one per
 * version; `scorecardId` names the current one, and scores keep the version
 * they were made with.
 */
@ObjectType('Campaign')
@Entity('campaign')
@Index('campaign_organization_name_idx', ['organizationId', 'name'])
@Unique('campaign_organization_id_key', ['organizationId', 'id'])
export class Campaign extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  script: string | null;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => ScoringMode, {
    description:
      "How Claude judges this campaign's calls (REALTIME by default). Without ANTHROPIC_API_KEY the built-in judge scores at once in either mode.",
  })
  @Column({
    type: 'enum',
    enum: ScoringMode,
    enumName: 'campaign_scoring_mode',
    default: ScoringMode.REALTIME,
  })
  scoringMode: ScoringMode;

  @Column({ type: 'uuid', nullable: true })
  scorecardId: string | null;

  @SameOrganization('Scorecard', 'scorecard_id', 'SET NULL')
  readonly scorecardFk?: never;
}
