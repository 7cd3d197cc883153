import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { UsersService } from '@/modules/users/users.service';
import { ReportGrouping } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { Scorecard } from '../campaigns/scorecard.entity';
import { QualityReportRepository } from './quality-report.repository';

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
    private readonly reports: QualityReportRepository,
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
    const scope = { organizationId: viewer.organizationId, campaignId: campaign.id, from, to };
    switch (groupBy) {
      case ReportGrouping.AGENT: {
        const rows = await this.reports.byAgent(scope);
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
        const rows = await this.reports.byDay(scope);
        return rows.map((row) => ({
          key: row.key!,
          label: row.key!,
          calls: row.calls,
          averageScore: num(row.average_score),
          passRate: num(row.pass_rate),
        }));
      }
      case ReportGrouping.CRITERION: {
        const rows = await this.reports.byCriterion(scope);
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
