import { Injectable } from '@nestjs/common';
import { CriterionKind } from '../calls.enums';
import { CriterionDefinition } from '../campaigns/criteria';
import { CallMetrics, computeMetrics, Segment } from './call-metrics';
import { CriterionScore, NO_USAGE, ScoringUsage } from './call-score.entity';
import { builtinJudge } from './builtin-judge';
import { ClaudeJudge } from './claude-judge';
import { costOf, TokenUsage } from './pricing';
import { evaluateRule } from './rule-criteria';

export interface ScoreResult {
  overall: number;
  criteria: CriterionScore[];
  metrics: CallMetrics;
  scorer: 'claude' | 'builtin';
  model: string | null;
  /** Tokens and cost; zero for the built-in judge. */
  usage: ScoringUsage;
}

/** The weighted sum of criterion scores (weights add up to 100), so 0..100. */
export function overallOf(criteria: readonly CriterionScore[]): number {
  const total = criteria.reduce((sum, criterion) => sum + criterion.weight * criterion.score, 0);
  return Math.round(Math.min(100, Math.max(0, total)) * 100) / 100;
}

/** Deterministic scoring without a provider: metrics, rules and the built-in judge. */
export function scoreWithoutProvider(
  criteria: readonly CriterionDefinition[],
  segments: readonly Segment[],
  durationSec: number | null,
): ScoreResult {
  const metrics = computeMetrics(segments, durationSec);
  const results = criteria.map(
    (criterion) =>
      evaluateRule(criterion, segments, metrics) ?? builtinJudge(criterion, segments, metrics),
  );
  return {
    overall: overallOf(results),
    criteria: results,
    metrics,
    scorer: 'builtin',
    model: null,
    usage: NO_USAGE,
  };
}

/**
 * Scores one transcript against one scorecard version: metrics and rule
 * criteria locally, LLM_JUDGED criteria with Claude when ANTHROPIC_API_KEY
 * is set, else with the built-in judge.
 */
@Injectable()
export class CallScorer {
  constructor(private readonly claude: ClaudeJudge) {}

  /**
   * Whether scoring against these criteria calls the provider (seconds, may
   * fail and be retried) rather than finishing locally in a few
   * milliseconds.
   */
  needsProvider(criteria: readonly CriterionDefinition[]): boolean {
    return (
      this.claude.enabled &&
      criteria.some((criterion) => criterion.kind === CriterionKind.LLM_JUDGED)
    );
  }

  async score(
    criteria: readonly CriterionDefinition[],
    segments: readonly Segment[],
    durationSec: number | null,
    script: string | null,
  ): Promise<ScoreResult> {
    if (!this.needsProvider(criteria)) return scoreWithoutProvider(criteria, segments, durationSec);
    const judged = criteria.filter((criterion) => criterion.kind === CriterionKind.LLM_JUDGED);
    const { scores, usage } = await this.claude.judge(judged, segments, script);
    return this.withJudged(criteria, segments, durationSec, scores, usage, false);
  }

  /**
   * The score of a call whose LLM_JUDGED criteria Claude has judged (at once,
   * or in a Message Batch: `batch` halves the price): rules and metrics
   * locally, the judged criteria from `judged`.
   */
  withJudged(
    criteria: readonly CriterionDefinition[],
    segments: readonly Segment[],
    durationSec: number | null,
    judged: readonly CriterionScore[],
    tokens: TokenUsage,
    batch: boolean,
  ): ScoreResult {
    const metrics = computeMetrics(segments, durationSec);
    const byClaude = new Map(judged.map((result) => [result.key, result]));
    const results = criteria.map(
      (criterion) => evaluateRule(criterion, segments, metrics) ?? byClaude.get(criterion.key)!,
    );
    const model = this.claude.model;
    return {
      overall: overallOf(results),
      criteria: results,
      metrics,
      scorer: 'claude',
      model,
      usage: { ...tokens, costUsd: costOf(tokens, model, batch, this.claude.prices), batch },
    };
  }
}
