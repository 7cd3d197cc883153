import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { ConnectionResult, FieldSelection } from '@/graphql/pagination';
import { CallScore } from '../scoring/call-score.entity';
import { ScoringJob } from '../scoring/scoring-job.entity';
import { Call } from './call.entity';
import { CallRepository } from './call.repository';
import { CallsArgs } from './dto/call-filter.input';

/** Reads of calls, scores and scoring jobs, always within one organization. */
@Injectable()
export class CallQueriesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly calls: CallRepository,
  ) {}

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
    return this.calls.list(viewer.organizationId, args, selection);
  }
}
