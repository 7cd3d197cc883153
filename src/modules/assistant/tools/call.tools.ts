import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '@/common/errors/domain-errors';
import { ReportGrouping } from '@/modules/calls/calls.enums';
import { Call } from '@/modules/calls/calls/call.entity';
import { CallQueriesService } from '@/modules/calls/calls/call-queries.service';
import { CampaignsService } from '@/modules/calls/campaigns/campaigns.service';
import { QualityReportService } from '@/modules/calls/reports/quality-report.service';
import { ScoringService } from '@/modules/calls/scoring/scoring.service';
import { defineTool, ToolDefinition } from './tool-definition';
import { clip, first, id, instant, iso, toDate, toDateOrNull } from './tool-schemas';

/** A call as tools answer it (no transcript: get_call_score tells how it went). */
export function callOutput(call: Call) {
  return {
    id: call.id,
    direction: call.direction,
    from: call.from,
    to: call.to,
    status: call.status,
    agentId: call.agentId,
    campaignId: call.campaignId,
    startedAt: iso(call.startedAt),
    durationSec: call.durationSec,
    scoreStatus: call.scoreStatus,
  };
}

/** Calls: lists, scores, scoring and quality reports (calls:read / calls:score). */
@Injectable()
export class CallTools {
  readonly tools: ToolDefinition[];

  constructor(
    private readonly calls: CallQueriesService,
    private readonly scoring: ScoringService,
    private readonly reports: QualityReportService,
    private readonly campaigns: CampaignsService,
  ) {
    this.tools = [
      this.listCalls(),
      this.getCallScore(),
      this.scoreCall(),
      this.qualityReport(),
      this.listCampaigns(),
    ] as ToolDefinition[];
  }

  private listCalls() {
    return defineTool({
      name: 'list_calls',
      title: 'List phone calls',
      description:
        'Lists calls, newest first, optionally of one campaign (list_campaigns), one agent (user id from ' +
        'find_members) or started in [from, to). Each call has the id get_call_score and score_call take.',
      input: z
        .object({
          campaignId: id('Campaign id (list_campaigns).').optional(),
          agentId: id("The agent's user id (find_members).").optional(),
          from: instant('Started at or after.').optional(),
          to: instant('Started strictly before.').optional(),
          first: first(50, 20),
        })
        .strict(),
      permission: 'calls:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const { first: count, from, to, ...filter } = input;
        const page = await this.calls.list(context.viewer, {
          first: count,
          filter: { ...filter, from: toDateOrNull(from), to: toDateOrNull(to) },
        });
        return { calls: page.nodes.map(callOutput), hasMore: page.pageInfo.hasNextPage };
      },
    });
  }

  private getCallScore() {
    return defineTool({
      name: 'get_call_score',
      title: "Get a call's score",
      description:
        "The latest quality score of a call (callId from list_calls): overall 0..100 and each criterion's " +
        'score, pass and rationale; score is null while it is not scored (see scoreStatus; score_call queues it).',
      input: z.object({ callId: id('Call id (list_calls).') }).strict(),
      permission: 'calls:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const call = await this.calls.get(context.viewer, input.callId);
        if (!call) throw new NotFoundError('Call', input.callId);
        const [score] = call.scoreId
          ? await this.calls.scoresByIds(context.viewer.organizationId, [call.scoreId])
          : [];
        return {
          callId: call.id,
          scoreStatus: call.scoreStatus,
          score: score
            ? {
                id: score.id,
                overall: score.overall,
                scorecardVersion: score.scorecardVersion,
                scorer: score.scorer,
                scoredAt: iso(score.createdAt),
                criteria: score.criteria.map((criterion) => ({
                  key: criterion.key,
                  score: criterion.score,
                  passed: criterion.passed,
                  rationale: clip(criterion.rationale, 300),
                })),
              }
            : null,
        };
      },
    });
  }

  private scoreCall() {
    return defineTool({
      name: 'score_call',
      title: 'Score a call',
      description:
        "Queues the scoring of a call (callId from list_calls) against its campaign's current scorecard; it " +
        'needs a transcript. Answers at once with the scoring job; read the result later with get_call_score.',
      input: z.object({ callId: id('Call id (list_calls).') }).strict(),
      permission: 'calls:score',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const job = await this.scoring.scoreCall(context.viewer, input.callId, false);
        return {
          jobId: job.id,
          callId: job.callId,
          status: job.status,
          scorecardVersion: job.scorecardVersion,
          scoreId: job.scoreId,
        };
      },
    });
  }

  private qualityReport() {
    return defineTool({
      name: 'quality_report',
      title: 'Call quality report',
      description:
        "A campaign's (list_campaigns) call quality in [from, to), grouped by AGENT, DAY or CRITERION: calls, " +
        'average score 0..100 and pass rate 0..1 per group.',
      input: z
        .object({
          campaignId: id('Campaign id (list_campaigns).'),
          from: instant(),
          to: instant(),
          groupBy: z.enum(ReportGrouping),
        })
        .strict(),
      permission: 'calls:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const rows = await this.reports.report(
          context.viewer,
          input.campaignId,
          toDate(input.from),
          toDate(input.to),
          input.groupBy,
        );
        return { campaignId: input.campaignId, groupBy: input.groupBy, rows };
      },
    });
  }

  private listCampaigns() {
    return defineTool({
      name: 'list_campaigns',
      title: 'List call campaigns',
      description:
        "The organization's call campaigns with their ids (for list_calls and quality_report).",
      input: z.object({}).strict(),
      permission: 'calls:read',
      readOnly: true,
      destructive: false,
      run: async (context) => ({
        campaigns: (await this.campaigns.list(context.viewer)).map((campaign) => ({
          id: campaign.id,
          name: campaign.name,
          active: campaign.active,
          hasScorecard: campaign.scorecardId !== null,
        })),
      }),
    });
  }
}
