import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { isUuid } from '@/database/query-guards';
import { MembersService } from '@/modules/organizations/members.service';
import { TeamsService } from '@/modules/organizations/teams.service';
import { CreateTaskInput } from './dto/create-task.input';
import { UpdateTaskInput } from './dto/update-task.input';
import {
  changedSince,
  invalid,
  snapshot,
  TaskChangeRecorder,
} from './task-change-recorder.service';
import { Task } from './task.entity';
import { TaskTreeRepository } from './task-tree.repository';
import { TASK_MAX_DEPTH } from './task-types';
import { ChangeKind, PRIORITY_RANK, TaskPriority, TaskStatus } from './task.enums';
import { taskSourceFor } from './task-source';

/**
 * Creating and editing tasks (moves: TaskMoveService; deletion:
 * TaskDeleteService; comments: TaskCommentsService). Each runs in one
 * transaction with its audit entry and a `task.changed.<organizationId>`
 * outbox event (TaskChangeRecorder).
 *
 * Permissions: anyone with `tasks:write` (AGENT and above) may change any task
 * of the organization, whatever its team. Teams here are views of one shared
 * board, not walls: small organizations hand work across teams all day, and a
 * wall would hide a task from the colleague covering for its assignee.
 */
@Injectable()
export class TaskCommandsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly changes: TaskChangeRecorder,
    private readonly tree: TaskTreeRepository,
    private readonly members: MembersService,
    private readonly teams: TeamsService,
  ) {}

  async create(viewer: Viewer, input: CreateTaskInput): Promise<Task> {
    await this.checkReferences(viewer, input);
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const { organizationId } = viewer;
      const tasks = this.tenants.for(viewer, manager).repository(Task);
      let teamId = input.teamId ?? null;
      const parentId = input.parentId ?? null;
      if (parentId) {
        const parent = await tasks.findOneBy({ id: parentId });
        if (!parent) throw invalid('input.parentId', 'no such task');
        if ((await this.tree.depthOf(manager, organizationId, parentId)) + 1 > TASK_MAX_DEPTH) {
          throw invalid('input.parentId', `subtasks nest at most ${TASK_MAX_DEPTH} levels deep`);
        }
        // A subtask belongs on its parent's board unless told otherwise.
        if (input.teamId === undefined) teamId = parent.teamId;
      }
      const status = input.status ?? TaskStatus.TODO;
      const priority = input.priority ?? TaskPriority.MEDIUM;
      const task = await this.tree.insertLast(manager, organizationId, {
        title: input.title,
        description: input.description ?? null,
        status,
        priority,
        priorityRank: PRIORITY_RANK[priority],
        dueAt: input.dueAt ?? null,
        completedAt: status === TaskStatus.DONE ? new Date() : null,
        assigneeId: input.assigneeId ?? null,
        creatorId: viewer.userId,
        creatorApiKeyId: viewer.apiKeyId,
        teamId,
        parentId,
        labels: input.labels ?? [],
        source: taskSourceFor(viewer),
        // An automation step's task: unique per run and step (task_automation_step_key).
        automationRunId:
          viewer.automationOrigin?.stepIndex !== undefined ? viewer.automationOrigin.runId : null,
        automationStep: viewer.automationOrigin?.stepIndex ?? null,
      });
      await this.changes.recordChange(transaction, viewer, 'task.created', null, task, {
        kind: ChangeKind.CREATED,
        previousTeamId: null,
      });
      await this.changes.triggerAutomations(transaction, viewer, task);
      return task;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateTaskInput): Promise<Task> {
    if (!isUuid(id)) throw new NotFoundError('Task', id);
    await this.checkReferences(viewer, input);
    return this.transactions.run(async (transaction) => {
      const tasks = this.tenants.for(viewer, transaction.manager).repository(Task);
      const task = await tasks.get(id, 'Task', 'pessimistic_write');
      const before = snapshot(task);
      const previousTeamId = task.teamId;
      if (input.title !== undefined) task.title = input.title;
      if (input.description !== undefined) task.description = input.description;
      if (input.priority !== undefined) {
        task.priority = input.priority;
        task.priorityRank = PRIORITY_RANK[input.priority];
      }
      if (input.dueAt !== undefined) task.dueAt = input.dueAt;
      if (input.assigneeId !== undefined) task.assigneeId = input.assigneeId;
      if (input.teamId !== undefined) task.teamId = input.teamId;
      if (input.labels !== undefined) task.labels = input.labels;
      if (input.status !== undefined && input.status !== task.status) {
        task.status = input.status;
        task.completedAt = input.status === TaskStatus.DONE ? new Date() : null;
      }
      const saved = changedSince(before, task)
        ? await this.tree.writeBack(transaction.manager, viewer.organizationId, task)
        : task;
      await this.changes.recordChange(transaction, viewer, 'task.updated', before, saved, {
        kind: ChangeKind.UPDATED,
        previousTeamId,
      });
      return saved;
    });
  }

  /** Assignee and team must be the organization's: anything else is the caller's mistake. */
  private async checkReferences(
    viewer: Viewer,
    input: { assigneeId?: string | null; teamId?: string | null },
  ): Promise<void> {
    if (
      input.assigneeId &&
      !(await this.members.isMember(viewer.organizationId, input.assigneeId))
    ) {
      throw invalid('input.assigneeId', 'not a member of this organization');
    }
    if (input.teamId) {
      const [team] = await this.teams.findByIds(viewer.organizationId, [input.teamId]);
      if (!team) throw invalid('input.teamId', 'not a team of this organization');
    }
  }
}
