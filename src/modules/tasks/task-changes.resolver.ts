import { Inject } from '@nestjs/common';
import { Args, ArgsType, Resolver, Subscription } from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { TeamsService } from '@/modules/organizations/teams.service';
import { TaskChangedEvent, taskChangedTopic } from './task-change-recorder.service';
import { TaskChange } from './task-change.type';
import { Task } from './task.entity';
import { OptionalId } from '@/common/validation/optional-id.decorator';

@ArgsType()
class TaskChangedArgs {
  @OptionalId("Only this team's tasks; all of the organization's when omitted.")
  teamId?: string | null;
}

type TaskChangedMessage = OutboxMessage<TaskChangedEvent>;

/**
 * The live task board. Events come from the outbox after commit, on a topic
 * of the viewer's own organization (so another tenant's changes never reach
 * the socket), filtered by team; a task leaving the team is announced to the
 * team it left too. The task is loaded once per event and subscription shape
 * (see graphql/subscription-fanout.ts), not once per socket.
 */
@Resolver(() => TaskChange)
export class TaskChangesResolver {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly tenants: TenantScope,
    private readonly teams: TeamsService,
  ) {}

  @RequirePermission('tasks:read')
  @Subscription(() => TaskChange, {
    filter: (message: TaskChangedMessage, variables: TaskChangedArgs) =>
      !variables.teamId ||
      message.payload.teamId === variables.teamId ||
      message.payload.previousTeamId === variables.teamId,
    resolve(this: TaskChangesResolver, message: TaskChangedMessage): Promise<TaskChange> {
      return this.describe(message);
    },
  })
  async taskChanged(
    @CurrentViewer() viewer: Viewer,
    @Args() { teamId }: TaskChangedArgs,
  ): Promise<AsyncIterableIterator<TaskChangedMessage>> {
    // Another organization's team (or none) is refused, not silently watched.
    if (teamId && !(await this.teams.get(viewer, teamId))) throw new NotFoundError('Team', teamId);
    return this.pubSub.asyncIterableIterator<TaskChangedMessage>(
      taskChangedTopic(viewer.organizationId),
    );
  }

  /** Deleted tasks are described as they were when deleted. */
  private async describe(message: TaskChangedMessage): Promise<TaskChange> {
    const tasks = this.tenants.for({ organizationId: message.organizationId! }).repository(Task);
    const [task] = await tasks.find({ id: message.payload.taskId }, undefined, {
      withDeleted: true,
    });
    return { kind: message.payload.kind, task };
  }
}
