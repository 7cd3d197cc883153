import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { SameOrganization } from '@/database/references';
import { TenantEntity } from '@/database/base.entity';
import { CallMetrics } from './call-metrics';

@ObjectType('CriterionScore')
export class CriterionScore {
  @Field()
  key: string;

  @Field(() => Float, { description: '0..1' })
  score: number;

  @Field(() => Float)
  weight: number;

  @Field()
  passed: boolean;

  @Field(() => [String], {
    description: 'Transcript text (verbatim) or figures the score rests on.',
  })
  evidence: string[];

  @Field(() => String, { nullable: true })
  rationale: string | null;

  /** Who scored this criterion: "rules", "builtin" or "claude". */
  @Field({ description: '"rules" (phrase and metric criteria), "builtin" or "claude".' })
  scorer: string;
}

/**
 * What judging one call cost: Anthropic's token counts (summed over the
 * requests of the call, retries included) and their price from the price
 * table (pricing.ts). Zero for the built-in judge.
 */
@ObjectType('ScoringUsage')
export class ScoringUsage {
  @Field(() => Int, {
    description: 'Input tokens billed at the full rate (not read from or written to the cache).',
  })
  inputTokens: number;

  @Field(() => Int)
  outputTokens: number;

  @Field(() => Int, {
    description: 'Input tokens read from the prompt cache (cache_read_input_tokens).',
  })
  cacheReadTokens: number;

  @Field(() => Int, {
    description: 'Input tokens written to the prompt cache (cache_creation_input_tokens).',
  })
  cacheWriteTokens: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'US dollars, from the price table (ANTHROPIC_PRICES); null when the model has no price there.',
  })
  costUsd: number | null;

  @Field({ description: 'Whether the call went through the Message Batches API (half price).' })
  batch: boolean;
}

export const NO_USAGE: ScoringUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0,
  batch: false,
};

/** A call's score against one scorecard version; one per call and version. */
@ObjectType('CallScore')
@Entity('call_score')
@Index('call_score_call_version_key', ['callId', 'scorecardVersion'], { unique: true })
@Index('call_score_organization_scorecard_idx', ['organizationId', 'scorecardId'])
@Unique('call_score_organization_id_key', ['organizationId', 'id'])
export class CallScore extends TenantEntity {
  @Column({ type: 'uuid' })
  callId: string;

  @Column({ type: 'uuid' })
  scorecardId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  scorecardVersion: number;

  @Field(() => Float, { description: '0..100: the weighted sum of the criteria scores.' })
  @Column({ type: 'double precision' })
  overall: number;

  @Field(() => [CriterionScore])
  @Column({ type: 'jsonb' })
  criteria: CriterionScore[];

  @Field(() => CallMetrics)
  @Column({ type: 'jsonb' })
  metrics: CallMetrics;

  @Field({ description: '"claude" when Claude judged the LLM_JUDGED criteria, else "builtin".' })
  @Column({ type: 'text' })
  scorer: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Field(() => ScoringUsage, { description: 'Tokens and cost of judging this call.' })
  // Every score is written with its usage; rows from before it was recorded
  // got zero usage when the column was added (migration BatchScoringAndUsage).
  @Column({ type: 'jsonb' })
  usage: ScoringUsage;

  @SameOrganization('Call', 'call_id', 'CASCADE')
  readonly callFk?: never;

  @SameOrganization('Scorecard', 'scorecard_id', 'NO ACTION')
  readonly scorecardFk?: never;
}
