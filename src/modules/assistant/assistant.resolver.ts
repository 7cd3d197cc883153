import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { DataLoaderRegistry } from '@/graphql/dataloader/dataloader-registry';
import { User } from '@/modules/users/user.entity';
import { userLoader } from '@/modules/users/users.loader';
import { UsersService } from '@/modules/users/users.service';
import { AgentRun, AssistantReplyStatus } from './agent-run.entity';
import { AgentRunConnection } from './agent-run-connection.type';
import { AgentRunsService } from './agent-runs.service';
import { AssistantEngine } from './assistant-engine.service';
import { AssistantReply } from './assistant-reply.type';
import { AgentRunsArgs } from './dto/agent-runs.args';
import { AskAssistantArgs } from './dto/ask-assistant.args';

@Resolver(() => AgentRun)
export class AssistantResolver {
  constructor(
    private readonly engine: AssistantEngine,
    private readonly runs: AgentRunsService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => AssistantReply, {
    description:
      "Ask the assistant in words; it acts with the caller's own permissions. Destructive requests answer NEEDS_CONFIRMATION first.",
  })
  @RequirePermission('assistant:use')
  async askAssistant(
    @CurrentViewer() viewer: Viewer,
    @Args() args: AskAssistantArgs,
  ): Promise<AssistantReply> {
    const turn = await this.engine.ask(viewer, {
      text: args.text,
      channel: 'assistant',
      conversationId: args.conversationId,
      confirm: args.confirm,
      now: args.now,
    });
    return {
      id: turn.runId,
      text: turn.text,
      toolCalls: turn.toolCalls,
      latencyMs: turn.latencyMs,
      status: turn.status as AssistantReplyStatus,
      conversationId: turn.conversationId,
      planner: turn.planner,
      confirmation: turn.confirmation,
    };
  }

  @Query(() => AgentRunConnection, {
    description: "Assistant runs, newest first: the caller's own; ADMIN and OWNER see everyone's.",
  })
  @RequirePermission('assistant:use')
  agentRuns(@CurrentViewer() viewer: Viewer, @Args() args: AgentRunsArgs) {
    return this.runs.list(viewer, args);
  }

  @Query(() => AgentRun, {
    nullable: true,
    description: "Null unless it is the caller's own run (or the caller is ADMIN or OWNER).",
  })
  @RequirePermission('assistant:use')
  agentRun(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AgentRun | null> {
    return this.runs.get(viewer, id);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who asked; null for an API key.' })
  actor(
    @Parent() run: AgentRun,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<User | null> | null {
    return run.actorUserId ? userLoader(loaders, this.users).load(run.actorUserId) : null;
  }
}
