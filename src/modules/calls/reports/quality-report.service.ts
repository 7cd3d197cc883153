import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { UsersService } from '@/modules/users/users.service';
import { ReportGrouping } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { Scorecard } from '../campaigns/scorecard.entity';

@ObjectType('QualityReportRow')
export class QualityReportRow {
  @Field({ description: 'Agent id ("unassigned"), day (YYYY-MM-DD, UTC) or criterion key.' })
  key: string;

  @Field()
  label: string;

  @Field(() => Int, {
    description: 'Calls in the group (for CRITERION: scored calls judged on it).',
  })
  calls: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Average overall (or criterion) score, 0..100; null when nothing is scored.',
  })
  averageScore: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share of criterion results that passed, 0..1; null when nothing is scored.',
  })
  passRate: number | null;
}

interface Row {
  key: string | null;
  calls: number;
  average_score: string | number | null;
  pass_rate: string | number | null;
}

const CALL_TIME = 'COALESCE(c.started_at, c.created_at)';
const num = (value: string | number | null): number | null =>
  value === null ? null : Math.round(Number(value) * 10_000) / 10_000;

/**
 * `callQualityReport`: aggregates in one SQL statement over the campaign's
 * calls in [from, to) (by start time, else arrival), using each call's
 * latest score. Nothing is loaded per call.
 */
@Injectable()
export class QualityReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly users: UsersService,
  ) {}

  async report(
    viewer: Viewer,
    campaignId: string,
    from: Date,
    to: Date,
    groupBy: ReportGrouping,
  ): Promise<QualityReportRow[]> {
    const campaign = await this.tenants
      .for(viewer)
      .repository(Campaign)
      .get(campaignId, 'Campaign');
    if (!(from < to)) {
      throw new BadUserInputError('Invalid input: to: must be after from', [
        { path: 'to', message: 'must be after from' },
      ]);
    }
    const params = [viewer.organizationId, campaign.id, from, to];
    const scope = `c.organization_id = $1 AND c.campaign_id = $2 AND ${CALL_TIME} >= $3 AND ${CALL_TIME} < $4`;
    const scoreJoin =
      'LEFT JOIN call_score s ON s.id = c.score_id AND s.organization_id = c.organization_id';
    const passCounts = `LEFT JOIN LATERAL (
        SELECT COUNT(*) FILTER (WHERE (e->>'passed')::boolean) AS passed, COUNT(*) AS total
          FROM jsonb_array_elements(s.criteria) e) pc ON true`;
    const perCall = `COUNT(*)::int AS calls, AVG(s.overall) AS average_score,
        SUM(pc.passed)::float / NULLIF(SUM(pc.total), 0) AS pass_rate`;
    switch (groupBy) {
      case ReportGrouping.AGENT: {
        const rows = await this.dataSource.query<Row[]>(
          `SELECT c.agent_id::text AS key, ${perCall}
             FROM call c ${scoreJoin} ${passCounts}
            WHERE ${scope} GROUP BY c.agent_id ORDER BY average_score DESC NULLS LAST, key`,
          params,
        );
        const ids = rows.map((row) => row.key).filter((id): id is string => id !== null);
        const names = new Map(
          (await this.users.findByIds(ids)).map((user) => [user.id, user.name]),
        );
        return rows.map((row) => ({
          key: row.key ?? 'unassigned',
          label: row.key ? (names.get(row.key) ?? 'Former member') : 'Unassigned',
          calls: row.calls,
          averageScore: num(row.average_score),
          passRate: num(row.pass_rate),
        }));
      }
      case ReportGrouping.DAY: {
        const rows = await this.dataSource.query<Row[]>(
          `SELECT to_char(${CALL_TIME} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS key, ${perCall}
             FROM call c ${scoreJoin} ${passCounts}
            WHERE ${scope} GROUP BY 1 ORDER BY 1`,
          params,
        );
        return rows.map((row) => ({
          key: row.key!,
          label: row.key!,
          calls: row.calls,
          averageScore: num(row.average_score),
          passRate: num(row.pass_rate),
        }));
      }
      case ReportGrouping.CRITERION: {
        const rows = await this.dataSource.query<Row[]>(
          `SELECT e->>'key' AS key, COUNT(DISTINCT c.id)::int AS calls,
                  AVG((e->>'score')::float) * 100 AS average_score,
                  AVG(CASE WHEN (e->>'passed')::boolean THEN 1.0 ELSE 0.0 END) AS pass_rate
             FROM call c
             JOIN call_score s ON s.id = c.score_id AND s.organization_id = c.organization_id
             CROSS JOIN LATERAL jsonb_array_elements(s.criteria) e
            WHERE ${scope} GROUP BY 1 ORDER BY 1`,
          params,
        );
        const scorecards = await this.tenants
          .for(viewer)
          .repository(Scorecard)
          .find({ campaignId: campaign.id }, { version: 'ASC' });
        const descriptions = new Map(
          scorecards.flatMap((scorecard) =>
            scorecard.criteria.map((c) => [c.key, c.description] as const),
          ),
        );
        return rows.map((row) => ({
          key: row.key!,
          label: descriptions.get(row.key!) ?? row.key!,
          calls: row.calls,
          averageScore: num(row.average_score),
          passRate: num(row.pass_rate),
        }));
      }
    }
  }
}
