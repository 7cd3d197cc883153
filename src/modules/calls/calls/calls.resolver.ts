import { Args, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { ReadsFromParent } from '@/graphql/dataloader/relation-field';
import { FieldSelection } from '@/graphql/pagination';
import { ReportGrouping } from '../calls.enums';
import { Campaign } from '../campaigns/campaign.entity';
import { campaignLoader } from '../campaigns/campaigns.resolver';
import { CampaignsService } from '../campaigns/campaigns.service';
import { QualityReportRow, QualityReportService } from '../reports/quality-report.service';
import { CallScore } from '../scoring/call-score.entity';
import { ScoringJob } from '../scoring/scoring-job.entity';
import { ScoringService } from '../scoring/scoring.service';
import { CallCommandsService } from './call-commands.service';
import { CallQueriesService } from './call-queries.service';
import { Call, CallStatusChange } from './call.entity';
import { CallConnection } from './call-connection.type';
import { CallsArgs } from './dto/call-filter.input';
import { ImportCallInput } from './dto/import-call.input';

export function callLoaders(
  loaders: DataLoaderRegistry,
  queries: CallQueriesService,
  organizationId: string,
) {
  return {
    call: loaders.get(
      'call.byId',
      () =>
        new DataLoader<string, Call | null>(async (ids) =>
          loadByIds(await queries.findByIds(organizationId, ids), ids),
        ),
    ),
    score: loaders.get(
      'callScore.byId',
      () =>
        new DataLoader<string, CallScore | null>(async (ids) =>
          loadByIds(await queries.scoresByIds(organizationId, ids), ids),
        ),
    ),
  };
}

@Resolver(() => Call)
export class CallsResolver {
  constructor(
    private readonly queries: CallQueriesService,
    private readonly commands: CallCommandsService,
    private readonly scoring: ScoringService,
    private readonly reports: QualityReportService,
    private readonly campaigns: CampaignsService,
  ) {}

  @Query(() => Call, { nullable: true })
  @RequirePermission('calls:read')
  call(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Call | null> {
    return this.queries.get(viewer, id);
  }

  @Query(() => CallConnection, { description: 'Newest first.' })
  @RequirePermission('calls:read')
  calls(
    @CurrentViewer() viewer: Viewer,
    @Args() args: CallsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CallConnection> {
    return this.queries.list(viewer, args, FieldSelection.ofNodes(info));
  }

  @Query(() => ScoringJob, { nullable: true })
  @RequirePermission('calls:read')
  scoringJob(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ScoringJob | null> {
    return this.queries.job(viewer, id);
  }

  @Query(() => [QualityReportRow], {
    description:
      "The campaign's calls in [from, to), grouped; each call counts with its latest score.",
  })
  @RequirePermission('calls:read')
  callQualityReport(
    @CurrentViewer() viewer: Viewer,
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Args('groupBy', { type: () => ReportGrouping }) groupBy: ReportGrouping,
  ): Promise<QualityReportRow[]> {
    return this.reports.report(viewer, campaignId, from, to, groupBy);
  }

  @Mutation(() => Call, {
    description:
      'Idempotent on externalId. Scored automatically when the campaign has a scorecard.',
  })
  @RequirePermission('calls:write')
  importCall(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: ImportCallInput,
  ): Promise<Call> {
    return this.commands.importCall(viewer, input);
  }

  @Mutation(() => ScoringJob, {
    description:
      'Queues the scoring of the call against its campaign’s current scorecard (one job per call and version). wait: true answers when it is done or after CALL_SCORING_WAIT_MS.',
  })
  @RequirePermission('calls:score')
  scoreCall(
    @CurrentViewer() viewer: Viewer,
    @Args('callId', { type: () => ID }) callId: string,
    @Args('wait', { type: () => Boolean, nullable: true }) wait?: boolean | null,
  ): Promise<ScoringJob> {
    return this.scoring.scoreCall(viewer, callId, wait ?? false);
  }

  @Mutation(() => Boolean, {
    description:
      "Deletes the call with its scores. Its Twilio recording is deleted too when the server's CALL_DELETE_TWILIO_RECORDING is on (off by default: the recording stays in the Twilio account).",
  })
  @RequirePermission('calls:score')
  deleteCall(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.commands.deleteCall(viewer, id);
  }

  @ResolveField(() => [CallStatusChange], {
    description: 'Every status the call went through, oldest first.',
  })
  @ReadsFromParent('statusTimeline')
  statusTimeline(@Parent() call: Call): CallStatusChange[] {
    return call.statusTimeline.map((change) => ({
      status: change.status,
      at: new Date(change.at),
    }));
  }

  @ResolveField(() => Campaign, { nullable: true })
  @ReadsFromParent('campaignId')
  campaign(
    @Parent() call: Call,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Campaign | null> | null {
    if (!call.campaignId) return null;
    return campaignLoader(loaders, this.campaigns, viewer.organizationId).load(call.campaignId);
  }

  @ResolveField(() => CallScore, { nullable: true, description: 'The latest score.' })
  @ReadsFromParent('scoreId')
  score(
    @Parent() call: Call,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<CallScore | null> | null {
    if (!call.scoreId) return null;
    return callLoaders(loaders, this.queries, viewer.organizationId).score.load(call.scoreId);
  }
}

@Resolver(() => CallScore)
export class CallScoresResolver {
  constructor(private readonly queries: CallQueriesService) {}

  @ResolveField(() => Call)
  async call(
    @Parent() score: CallScore,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Call> {
    return (await callLoaders(loaders, this.queries, viewer.organizationId).call.load(
      score.callId,
    ))!;
  }
}

@Resolver(() => ScoringJob)
export class ScoringJobsResolver {
  constructor(private readonly queries: CallQueriesService) {}

  @ResolveField(() => Call)
  async call(
    @Parent() job: ScoringJob,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Call> {
    return (await callLoaders(loaders, this.queries, viewer.organizationId).call.load(job.callId))!;
  }

  @ResolveField(() => CallScore, { nullable: true })
  score(
    @Parent() job: ScoringJob,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<CallScore | null> | null {
    if (!job.scoreId) return null;
    return callLoaders(loaders, this.queries, viewer.organizationId).score.load(job.scoreId);
  }
}
