import {
  Args,
  Float,
  ID,
  Info,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { FieldSelection } from '@/graphql/pagination';
import DataLoader from 'dataloader';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { DataLoaderRegistry, loadByIds } from '@/graphql/dataloader/dataloader-registry';
import { Loaders } from '@/graphql/dataloader/loaders.decorator';
import { ReadsFromParent } from '@/graphql/dataloader/relation-field';
import { AddTaskCommentArgs } from './dto/add-task-comment.args';
import { CreateTaskInput } from './dto/create-task.input';
import { MoveTaskInput } from './dto/move-task.input';
import { TasksArgs } from './dto/task-filter.input';
import { UpdateTaskInput } from './dto/update-task.input';
import { TaskCommandsService } from './task-commands.service';
import { TaskCommentsService } from './task-comments.service';
import { TaskDeleteService } from './task-delete.service';
import { TaskMoveService } from './task-move.service';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import { TaskQueriesService, TaskTree } from './task-queries.service';
import { TaskConnection, TaskStats } from './task-types';

/** Loaders are keyed per request; the organization is the viewer's, fixed for the request. */
function taskLoaders(loaders: DataLoaderRegistry, tasks: TaskQueriesService, viewer: Viewer) {
  const organizationId = viewer.organizationId;
  return {
    byId: loaders.get(
      'task.byId',
      () =>
        new DataLoader<string, Task | null>(async (ids) =>
          loadByIds(await tasks.findByIds(organizationId, ids), ids),
        ),
    ),
    // subtasks and progress share one loader: one recursive query serves both.
    tree: loaders.get(
      'task.tree',
      () => new DataLoader<string, TaskTree>((ids) => tasks.trees(organizationId, ids)),
    ),
    comments: loaders.get(
      'task.comments',
      () => new DataLoader<string, TaskComment[]>((ids) => tasks.commentsOf(organizationId, ids)),
    ),
  };
}

@Resolver(() => Task)
export class TasksResolver {
  constructor(
    private readonly queries: TaskQueriesService,
    private readonly commands: TaskCommandsService,
    private readonly moves: TaskMoveService,
    private readonly deletions: TaskDeleteService,
    private readonly commenting: TaskCommentsService,
  ) {}

  @Query(() => Task, {
    nullable: true,
    description: 'Null when no live task of the active organization has this id.',
  })
  @RequirePermission('tasks:read')
  task(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Task | null> {
    return this.queries.get(viewer, id);
  }

  @Query(() => TaskConnection)
  @RequirePermission('tasks:read')
  tasks(
    @CurrentViewer() viewer: Viewer,
    @Args() args: TasksArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TaskConnection> {
    return this.queries.list(viewer, args, FieldSelection.ofNodes(info));
  }

  @Query(() => TaskStats)
  @RequirePermission('tasks:read')
  taskStats(
    @CurrentViewer() viewer: Viewer,
    @Args('teamId', { type: () => ID, nullable: true }) teamId?: string | null,
  ): Promise<TaskStats> {
    return this.queries.stats(viewer, teamId);
  }

  @Mutation(() => Task)
  @RequirePermission('tasks:write')
  createTask(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateTaskInput,
  ): Promise<Task> {
    return this.commands.create(viewer, input);
  }

  @Mutation(() => Task)
  @RequirePermission('tasks:write')
  updateTask(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateTaskInput,
  ): Promise<Task> {
    return this.commands.update(viewer, id, input);
  }

  @Mutation(() => Task, {
    description: 'Reparents (refusing cycles) and places the task right after `afterTaskId`.',
  })
  @RequirePermission('tasks:write')
  moveTask(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: MoveTaskInput,
  ): Promise<Task> {
    return this.moves.move(viewer, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-deletes the task and its subtasks.' })
  @RequirePermission('tasks:write')
  deleteTask(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.deletions.delete(viewer, id);
  }

  @Mutation(() => TaskComment)
  @RequirePermission('tasks:write')
  addTaskComment(
    @CurrentViewer() viewer: Viewer,
    @Args() args: AddTaskCommentArgs,
  ): Promise<TaskComment> {
    return this.commenting.addComment(viewer, args.taskId, args.body);
  }

  @ResolveField(() => Date)
  updatedAt(@Parent() task: Task): Date {
    return task.updatedAt;
  }

  @ResolveField(() => Task, { nullable: true })
  @ReadsFromParent('parentId')
  async parent(
    @Parent() task: Task,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Task | null> {
    if (!task.parentId) return null;
    return taskLoaders(loaders, this.queries, viewer).byId.load(task.parentId);
  }

  @ResolveField(() => [Task], { description: 'Direct subtasks, by position.' })
  @ReadsFromParent()
  async subtasks(
    @Parent() task: Task,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<Task[]> {
    return (await taskLoaders(loaders, this.queries, viewer).tree.load(task.id)).children;
  }

  @ResolveField(() => Float, {
    nullable: true,
    description: 'Share of descendant subtasks that are DONE, 0..1; null when there are none.',
  })
  @ReadsFromParent()
  async progress(
    @Parent() task: Task,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<number | null> {
    const tree = await taskLoaders(loaders, this.queries, viewer).tree.load(task.id);
    return tree.descendants === 0 ? null : tree.done / tree.descendants;
  }

  @ResolveField(() => [TaskComment], { description: 'Oldest first.' })
  @ReadsFromParent()
  comments(
    @Parent() task: Task,
    @CurrentViewer() viewer: Viewer,
    @Loaders() loaders: DataLoaderRegistry,
  ): Promise<TaskComment[]> {
    return taskLoaders(loaders, this.queries, viewer).comments.load(task.id);
  }
}
