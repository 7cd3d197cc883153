import { Inject } from '@nestjs/common';
import {
  Args,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { Connection, ConnectionResult } from '@/graphql/pagination';
import { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { AutomationRunUpdatedEvent, automationRunUpdatedTopic } from './automation-run-events';
import { AutomationRun } from './automation-run.entity';
import { AutomationRunsService } from './automation-runs.service';
import { Automation } from './automation.entity';
import { AutomationRunsArgs, AutomationRunUpdatedArgs } from './dto/automation-runs.args';

@ObjectType('AutomationRunConnection')
export class AutomationRunConnection extends Connection(AutomationRun, 'AutomationRun') {}

type UpdatedMessage = OutboxMessage<AutomationRunUpdatedEvent>;

/**
 * Run history (`automationRuns`, the contract's list, and
 * `automationRunHistory`, a Relay connection), `retryAutomationRun`, and
 * `automationRunUpdated` (from the outbox after commit, on the viewer's own
 * organization's topic). All need `automations:manage`.
 */
@Resolver(() => AutomationRun)
export class AutomationRunsResolver {
  constructor(
    private readonly runs: AutomationRunsService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Query(() => [AutomationRun], {
    description: "An automation's runs, newest first (each skip recorded with its reason).",
  })
  @RequirePermission('automations:manage')
  async automationRuns(
    @CurrentViewer() viewer: Viewer,
    @Args() args: AutomationRunsArgs,
  ): Promise<AutomationRun[]> {
    const page = await this.runs.history(viewer, args);
    return page.edges.map((edge) => edge.node);
  }

  @Query(() => AutomationRunConnection, {
    description: "An automation's runs, newest first, as a connection.",
  })
  @RequirePermission('automations:manage')
  automationRunHistory(
    @CurrentViewer() viewer: Viewer,
    @Args() args: AutomationRunsArgs,
  ): Promise<ConnectionResult<AutomationRun>> {
    return this.runs.history(viewer, args);
  }

  @Mutation(() => AutomationRun, {
    description:
      "Runs a FAILED run's failed and skipped steps again; steps that succeeded are not repeated.",
  })
  @RequirePermission('automations:manage')
  retryAutomationRun(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AutomationRun> {
    return this.runs.retry(viewer, id);
  }

  @RequirePermission('automations:manage')
  @Subscription(() => AutomationRun, {
    description: "A run of the automation was created or changed (status, a step's record).",
    filter: (message: UpdatedMessage, variables: AutomationRunUpdatedArgs) =>
      message.payload.automationId === variables.automationId,
    resolve(this: AutomationRunsResolver, message: UpdatedMessage): Promise<AutomationRun> {
      return this.runs.get(message.organizationId!, message.payload.runId);
    },
  })
  async automationRunUpdated(
    @CurrentViewer() viewer: Viewer,
    @Args() { automationId }: AutomationRunUpdatedArgs,
  ): Promise<AsyncIterableIterator<UpdatedMessage>> {
    await this.runs.automation(viewer, automationId);
    return this.pubSub.asyncIterableIterator<UpdatedMessage>(
      automationRunUpdatedTopic(viewer.organizationId),
    );
  }

  @ResolveField(() => Automation)
  automation(@CurrentViewer() viewer: Viewer, @Parent() run: AutomationRun): Promise<Automation> {
    return this.runs.automation(viewer, run.automationId);
  }
}
