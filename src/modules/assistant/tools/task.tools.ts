import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '@/common/errors/domain-errors';
import { MAX_COMMENT_LENGTH } from '@/modules/tasks/dto/add-task-comment.args';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_LABELS,
  MAX_TITLE_LENGTH,
} from '@/modules/tasks/dto/task-input.validation';
import { TaskCommandsService } from '@/modules/tasks/task-commands.service';
import { TaskCommentsService } from '@/modules/tasks/task-comments.service';
import { TaskDeleteService } from '@/modules/tasks/task-delete.service';
import { TaskQueriesService } from '@/modules/tasks/task-queries.service';
import { Task } from '@/modules/tasks/task.entity';
import { TaskPriority, TaskStatus } from '@/modules/tasks/task.enums';
import type { ToolContext } from '../assistant-types';
import { defineTool, ToolDefinition } from './tool-definition';
import { clip, first, id, instant, iso, toDateOrNull } from './tool-schemas';

const status = z.enum(TaskStatus);
const priority = z.enum(TaskPriority);
const title = z.string().trim().min(1).max(MAX_TITLE_LENGTH);
const description = z.string().max(MAX_DESCRIPTION_LENGTH);
const labels = z
  .array(z.string().trim().min(1).max(MAX_LABEL_LENGTH))
  .max(MAX_LABELS)
  .describe(`Labels (at most ${MAX_LABELS}); replaces the task's labels.`);

/** Comments get_task shows (the newest). */
const SHOWN_COMMENTS = 10;

/** A task as tools answer it: what a model needs to talk about it, no more. */
export function taskOutput(task: Task) {
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    priority: task.priority,
    dueAt: iso(task.dueAt),
    completedAt: iso(task.completedAt),
    assigneeId: task.assigneeId,
    teamId: task.teamId,
    parentId: task.parentId,
    labels: task.labels,
    source: task.source,
  };
}

/** Tasks: create, list, read, change, complete, delete, comment (tasks:read / tasks:write). */
@Injectable()
export class TaskTools {
  readonly tools: ToolDefinition[];

  constructor(
    private readonly commands: TaskCommandsService,
    private readonly queries: TaskQueriesService,
    private readonly deletion: TaskDeleteService,
    private readonly comments: TaskCommentsService,
  ) {
    this.tools = [
      this.createTask(),
      this.listTasks(),
      this.getTask(),
      this.updateTask(),
      this.completeTask(),
      this.deleteTask(),
      this.addTaskComment(),
    ] as ToolDefinition[];
  }

  /** The task as the viewer sees it; NOT_FOUND for an unknown, deleted or foreign id alike. */
  private async load(context: ToolContext, taskId: string): Promise<Task> {
    const task = await this.queries.get(context.viewer, taskId);
    if (!task) throw new NotFoundError('Task', taskId);
    return task;
  }

  private createTask() {
    return defineTool({
      name: 'create_task',
      title: 'Create a task',
      description:
        "Creates a task on the organization's board (status TODO, priority MEDIUM unless given). " +
        "assigneeId is a member's user id (use find_members to resolve a person); teamId comes from list_teams; " +
        'parentId (a task id from list_tasks) makes it a subtask. Returns the new task with its id.',
      input: z
        .object({
          title: title.describe('1 to 500 characters.'),
          description: description.optional(),
          priority: priority.optional(),
          dueAt: instant('When it is due.').optional(),
          assigneeId: id('User id of the member to assign (find_members).').optional(),
          teamId: id('Team id (list_teams).').optional(),
          parentId: id('Parent task id: makes this a subtask.').optional(),
          labels: labels.optional(),
        })
        .strict(),
      permission: 'tasks:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const task = await this.commands.create(context.viewer, {
          ...input,
          dueAt: toDateOrNull(input.dueAt),
        });
        return taskOutput(task);
      },
    });
  }

  private listTasks() {
    return defineTool({
      name: 'list_tasks',
      title: 'List tasks',
      description:
        "Lists the organization's tasks in board order, optionally filtered by status, priority, assignee " +
        '(a user id from find_members), team (list_teams), label, due window or full-text search. ' +
        'For "my tasks" pass the caller\'s own user id as assigneeId. Returns tasks with ids, totalCount and hasMore.',
      input: z
        .object({
          status: z.array(status).min(1).max(5).optional(),
          priority: z.array(priority).min(1).max(4).optional(),
          assigneeId: id('User id (find_members).').optional(),
          teamId: id('Team id (list_teams).').optional(),
          label: z.string().trim().min(1).max(MAX_LABEL_LENGTH).optional(),
          dueBefore: instant('Due strictly before.').optional(),
          dueAfter: instant('Due strictly after.').optional(),
          search: z
            .string()
            .trim()
            .min(1)
            .max(500)
            .describe('Words in title or description.')
            .optional(),
          first: first(50, 20),
        })
        .strict(),
      permission: 'tasks:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const { first: count, dueBefore, dueAfter, ...filter } = input;
        const page = await this.queries.list(context.viewer, {
          first: count,
          filter: {
            ...filter,
            dueBefore: toDateOrNull(dueBefore),
            dueAfter: toDateOrNull(dueAfter),
          },
        });
        return {
          tasks: page.nodes.map(taskOutput),
          totalCount: await page.totalCount,
          hasMore: page.pageInfo.hasNextPage,
        };
      },
    });
  }

  private getTask() {
    return defineTool({
      name: 'get_task',
      title: 'Get a task',
      description:
        'One task by id (from list_tasks or create_task) with its description, subtask progress and newest comments.',
      input: z.object({ id: id('Task id.') }).strict(),
      permission: 'tasks:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const task = await this.load(context, input.id);
        const { organizationId } = context.viewer;
        const [[tree], [comments]] = await Promise.all([
          this.queries.trees(organizationId, [task.id]),
          this.queries.commentsOf(organizationId, [task.id]),
        ]);
        return {
          ...taskOutput(task),
          description: clip(task.description, 2000),
          createdAt: iso(task.createdAt),
          subtasks: { total: tree.descendants, done: tree.done },
          comments: comments.slice(-SHOWN_COMMENTS).map((comment) => ({
            id: comment.id,
            authorId: comment.authorId,
            body: clip(comment.body),
            createdAt: iso(comment.createdAt),
          })),
        };
      },
    });
  }

  private updateTask() {
    return defineTool({
      name: 'update_task',
      title: 'Change a task',
      description:
        'Changes the given fields of a task (id from list_tasks); fields left out stay as they are, and null ' +
        'clears description, dueAt, assigneeId or teamId. assigneeId is a user id (find_members), teamId from list_teams.',
      input: z
        .object({
          id: id('Task id.'),
          title: title.optional(),
          description: description.nullable().optional(),
          status: status.optional(),
          priority: priority.optional(),
          dueAt: instant().nullable().optional(),
          assigneeId: id('User id (find_members); null unassigns.').nullable().optional(),
          teamId: id('Team id (list_teams); null takes it off its team.').nullable().optional(),
          labels: labels.optional(),
        })
        .strict(),
      permission: 'tasks:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const { id: taskId, dueAt, ...changes } = input;
        const task = await this.commands.update(context.viewer, taskId, {
          ...changes,
          dueAt: toDateOrNull(dueAt),
        });
        return taskOutput(task);
      },
    });
  }

  private completeTask() {
    return defineTool({
      name: 'complete_task',
      title: 'Complete a task',
      description: 'Marks a task DONE (id from list_tasks). Returns the task.',
      input: z.object({ id: id('Task id.') }).strict(),
      permission: 'tasks:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) =>
        taskOutput(
          await this.commands.update(context.viewer, input.id, { status: TaskStatus.DONE }),
        ),
    });
  }

  private deleteTask() {
    return defineTool({
      name: 'delete_task',
      title: 'Delete a task',
      description:
        'Deletes a task and all its subtasks (id from list_tasks). Destructive: the caller is asked to confirm first.',
      input: z.object({ id: id('Task id.') }).strict(),
      permission: 'tasks:write',
      readOnly: false,
      destructive: true,
      summarize: async (context, input) => {
        const task = await this.load(context, input.id);
        const [tree] = await this.queries.trees(context.viewer.organizationId, [task.id]);
        const subtasks =
          tree.descendants === 0
            ? ''
            : ` and its ${tree.descendants} subtask${tree.descendants === 1 ? '' : 's'}`;
        return `Delete the task "${task.title}"${subtasks}?`;
      },
      run: async (context, input) => {
        const task = await this.load(context, input.id);
        await this.deletion.delete(context.viewer, task.id);
        return { id: task.id, title: task.title, deleted: true };
      },
    });
  }

  private addTaskComment() {
    return defineTool({
      name: 'add_task_comment',
      title: 'Comment on a task',
      description: 'Adds a comment to a task (taskId from list_tasks). Returns the comment id.',
      input: z
        .object({
          taskId: id('Task id.'),
          body: z.string().trim().min(1).max(MAX_COMMENT_LENGTH),
        })
        .strict(),
      permission: 'tasks:write',
      readOnly: false,
      destructive: false,
      run: async (context, input) => {
        const comment = await this.comments.addComment(context.viewer, input.taskId, input.body);
        return {
          id: comment.id,
          taskId: comment.taskId,
          body: clip(comment.body),
          createdAt: iso(comment.createdAt),
        };
      },
    });
  }
}
