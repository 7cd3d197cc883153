import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import {
  aliasColumns,
  ConnectionResult,
  FieldSelection,
  filterKey,
  paginate,
} from '@/graphql/pagination';
import { CallScore } from '../scoring/call-score.entity';
import { ScoringJob } from '../scoring/scoring-job.entity';
import { Call } from './call.entity';
import { CallsArgs } from './dto/call-filter.input';

/** When a call happened, for filters and reports: its start, else when we learned of it. */
export const CALL_TIME = 'COALESCE(call.started_at, call.created_at)';

/** Reads of calls, scores and scoring jobs, always within one organization. */
@Injectable()
export class CallQueriesService {
  constructor(private readonly tenants: TenantScope) {}

  async get(viewer: Viewer, id: string): Promise<Call | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Call).findOneBy({ id });
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<Call[]> {
    return this.tenants.for({ organizationId }).repository(Call).findByIds(ids);
  }

  scoresByIds(organizationId: string, ids: readonly string[]): Promise<CallScore[]> {
    return this.tenants.for({ organizationId }).repository(CallScore).findByIds(ids);
  }

  async job(viewer: Viewer, id: string): Promise<ScoringJob | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(ScoringJob).findOneBy({ id });
  }

  /**
   * Newest first. Score bounds look at each call's latest score. With the
   * query's `selection` it reads only the columns the page shows: a call
   * board's page does not fetch (and parse) every call's transcript.
   */
  list(
    viewer: Viewer,
    args: CallsArgs,
    selection?: FieldSelection,
  ): Promise<ConnectionResult<Call>> {
    const filter = args.filter ?? {};
    const qb = this.tenants.for(viewer).repository(Call).createQueryBuilder('call');
    qb.select(aliasColumns('call', selection?.properties(qb.expressionMap.mainAlias!.metadata)));
    if (filter.campaignId)
      qb.andWhere('call.campaignId = :campaignId', { campaignId: filter.campaignId });
    if (filter.agentId) qb.andWhere('call.agentId = :agentId', { agentId: filter.agentId });
    if (filter.status?.length)
      qb.andWhere('call.status IN (:...statuses)', { statuses: filter.status });
    if (filter.scoreStatus?.length) {
      qb.andWhere('call.scoreStatus IN (:...scoreStatuses)', { scoreStatuses: filter.scoreStatus });
    }
    if (filter.from) qb.andWhere(`${CALL_TIME} >= :from`, { from: filter.from });
    if (filter.to) qb.andWhere(`${CALL_TIME} < :to`, { to: filter.to });
    if ((filter.minScore ?? null) !== null || (filter.maxScore ?? null) !== null) {
      qb.innerJoin(
        CallScore,
        'score',
        'score.id = call.scoreId AND score.organizationId = call.organizationId',
      );
      if ((filter.minScore ?? null) !== null)
        qb.andWhere('score.overall >= :minScore', { minScore: filter.minScore });
      if ((filter.maxScore ?? null) !== null)
        qb.andWhere('score.overall <= :maxScore', { maxScore: filter.maxScore });
    }
    return paginate(qb, args, {
      queryKey: `calls:${filterKey(args.filter)}`,
      orderBy: [{ column: 'call.createdAt', direction: 'DESC' }],
    });
  }
}
