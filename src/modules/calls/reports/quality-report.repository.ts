import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One aggregated group of a quality report, as PostgreSQL returns it. */
export interface QualityReportGroup {
  key: string | null;
  calls: number;
  average_score: string | number | null;
  pass_rate: string | number | null;
}

/** The organization's campaign's calls in [from, to). */
export interface QualityReportScope {
  organizationId: string;
  campaignId: string;
  from: Date;
  to: Date;
}

const CALL_TIME = 'COALESCE(c.started_at, c.created_at)';
const SCOPE = `c.organization_id = $1 AND c.campaign_id = $2 AND ${CALL_TIME} >= $3 AND ${CALL_TIME} < $4`;
const SCORE_JOIN =
  'LEFT JOIN call_score s ON s.id = c.score_id AND s.organization_id = c.organization_id';
const PASS_COUNTS = `LEFT JOIN LATERAL (
        SELECT COUNT(*) FILTER (WHERE (e->>'passed')::boolean) AS passed, COUNT(*) AS total
          FROM jsonb_array_elements(s.criteria) e) pc ON true`;
const PER_CALL = `COUNT(*)::int AS calls, AVG(s.overall) AS average_score,
        SUM(pc.passed)::float / NULLIF(SUM(pc.total), 0) AS pass_rate`;

/**
 * The SQL of `callQualityReport`: each grouping is one aggregate statement
 * over the campaign's calls in [from, to) (by start time, else arrival),
 * using each call's latest score, within the given organization.
 */
@Injectable()
export class QualityReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private params(scope: QualityReportScope): unknown[] {
    return [scope.organizationId, scope.campaignId, scope.from, scope.to];
  }

  /** Per agent (key: the agent id, null for unassigned calls), best average first. */
  byAgent(
    scope: QualityReportScope,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QualityReportGroup[]> {
    return manager.query<QualityReportGroup[]>(
      `SELECT c.agent_id::text AS key, ${PER_CALL}
             FROM call c ${SCORE_JOIN} ${PASS_COUNTS}
            WHERE ${SCOPE} GROUP BY c.agent_id ORDER BY average_score DESC NULLS LAST, key`,
      this.params(scope),
    );
  }

  /** Per UTC day (key: YYYY-MM-DD), in date order. */
  byDay(
    scope: QualityReportScope,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QualityReportGroup[]> {
    return manager.query<QualityReportGroup[]>(
      `SELECT to_char(${CALL_TIME} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS key, ${PER_CALL}
             FROM call c ${SCORE_JOIN} ${PASS_COUNTS}
            WHERE ${SCOPE} GROUP BY 1 ORDER BY 1`,
      this.params(scope),
    );
  }

  /** Per criterion key of the scored calls, in key order. */
  byCriterion(
    scope: QualityReportScope,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<QualityReportGroup[]> {
    return manager.query<QualityReportGroup[]>(
      `SELECT e->>'key' AS key, COUNT(DISTINCT c.id)::int AS calls,
                  AVG((e->>'score')::float) * 100 AS average_score,
                  AVG(CASE WHEN (e->>'passed')::boolean THEN 1.0 ELSE 0.0 END) AS pass_rate
             FROM call c
             JOIN call_score s ON s.id = c.score_id AND s.organization_id = c.organization_id
             CROSS JOIN LATERAL jsonb_array_elements(s.criteria) e
            WHERE ${SCOPE} GROUP BY 1 ORDER BY 1`,
      this.params(scope),
    );
  }
}
