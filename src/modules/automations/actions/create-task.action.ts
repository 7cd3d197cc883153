import { Injectable } from '@nestjs/common';
import { Role } from '@/access/role';
import { BadUserInputError } from '@/common/errors/domain-errors';
import type { Viewer } from '@/access/viewer';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { MembersService } from '@/modules/organizations/members.service';
import { TeamsService } from '@/modules/organizations/teams.service';
import { TaskCommandsService } from '@/modules/tasks/task-commands.service';
import { Task } from '@/modules/tasks/task.entity';
import { TaskPriority } from '@/modules/tasks/task.enums';
import type {
  ActionExecutor,
  ConfigProblem,
  RenderedStep,
  StepExecution,
  StepOutcome,
} from '../action-executor';
import { AutomationAction } from '../automation.enums';
import type { AutomationEventData } from '../automation-types';
import { renderTemplate } from '../templates';

/** Longest due offset: a year. */
const MAX_DUE_MINUTES = 525_600;

/** CREATE_TASK's settings: title and description are templates (`{{task.title}}`). */
interface CreateTaskConfig {
  title: string;
  description?: string;
  assigneeId?: string;
  teamId?: string;
  priority?: TaskPriority;
  /** Due this many minutes after the run performs the step. */
  dueInMinutes?: number;
}

/**
 * CREATE_TASK: a task (source AUTOMATION) created with the automation
 * creator's rights through TaskCommandsService, so it is audited and
 * published like any other; its TASK_CREATED event carries the run's
 * origin (a run never triggers its own automation; chains stop at depth 3).
 *
 * Once per run and step: the task row records the run and the step
 * (`automation_run_id`, `automation_step`, unique together), so a step
 * performed again — its worker killed after the task committed but before
 * the run recorded the step — finds that task (even deleted since) and
 * succeeds with it (`existing: true`) instead of adding a second one.
 */
@Injectable()
export class CreateTaskAction implements ActionExecutor {
  readonly action = AutomationAction.CREATE_TASK;

  constructor(
    private readonly tasks: TaskCommandsService,
    private readonly members: MembersService,
    private readonly teams: TeamsService,
    private readonly tenants: TenantScope,
  ) {}

  async validate(organizationId: string, raw: Record<string, unknown>): Promise<ConfigProblem[]> {
    const problems: ConfigProblem[] = [];
    const known = ['title', 'description', 'assigneeId', 'teamId', 'priority', 'dueInMinutes'];
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) problems.push({ path: key, message: 'unknown setting' });
    }
    if (typeof raw.title !== 'string' || raw.title.trim() === '' || raw.title.length > 500) {
      problems.push({ path: 'title', message: 'required text of at most 500 characters' });
    }
    if (
      raw.description !== undefined &&
      (typeof raw.description !== 'string' || raw.description.length > 10_000)
    ) {
      problems.push({ path: 'description', message: 'text of at most 10000 characters' });
    }
    if (
      raw.priority !== undefined &&
      !Object.values(TaskPriority).includes(raw.priority as never)
    ) {
      problems.push({
        path: 'priority',
        message: `one of ${Object.values(TaskPriority).join(', ')}`,
      });
    }
    if (
      raw.dueInMinutes !== undefined &&
      (!Number.isInteger(raw.dueInMinutes) ||
        (raw.dueInMinutes as number) < 0 ||
        (raw.dueInMinutes as number) > MAX_DUE_MINUTES)
    ) {
      problems.push({ path: 'dueInMinutes', message: `a whole number 0..${MAX_DUE_MINUTES}` });
    }
    if (raw.assigneeId !== undefined) {
      if (
        typeof raw.assigneeId !== 'string' ||
        !isUuid(raw.assigneeId) ||
        !(await this.members.isMember(organizationId, raw.assigneeId))
      ) {
        problems.push({ path: 'assigneeId', message: 'not a member of this organization' });
      }
    }
    if (raw.teamId !== undefined) {
      const team =
        typeof raw.teamId === 'string' && isUuid(raw.teamId)
          ? (await this.teams.findByIds(organizationId, [raw.teamId]))[0]
          : undefined;
      if (!team) problems.push({ path: 'teamId', message: 'not a team of this organization' });
    }
    return problems;
  }

  render(
    _organizationId: string,
    raw: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep> {
    const config = raw as unknown as CreateTaskConfig;
    const title = renderTemplate(config.title, event);
    return Promise.resolve({
      action: this.action,
      summary: `Create task "${title}"`,
      preview: {
        title,
        description: config.description ? renderTemplate(config.description, event) : null,
        assigneeId: config.assigneeId ?? null,
        teamId: config.teamId ?? null,
        priority: config.priority ?? TaskPriority.MEDIUM,
        dueInMinutes: config.dueInMinutes ?? null,
      },
    });
  }

  async perform(execution: StepExecution): Promise<StepOutcome> {
    const earlier = await this.createdBy(execution);
    if (earlier) return { ok: true, output: { taskId: earlier, existing: true } };
    const config = execution.config as unknown as CreateTaskConfig;
    const title = renderTemplate(config.title, execution.event).slice(0, 500).trim();
    if (!title) return { ok: false, retryable: false, error: 'the rendered title is empty' };
    const viewer: Viewer = {
      kind: 'user',
      organizationId: execution.organizationId,
      // The engine checked the creator still holds automations:manage (SUPERVISOR and above).
      role: Role.SUPERVISOR,
      userId: execution.actorUserId,
      sessionId: null,
      apiKeyId: null,
      expiresAt: null,
      automationOrigin: { ...execution.origin, stepIndex: execution.stepIndex },
    };
    try {
      const task = await this.tasks.create(viewer, {
        title,
        description: config.description
          ? renderTemplate(config.description, execution.event).slice(0, 10_000)
          : null,
        assigneeId: config.assigneeId ?? null,
        teamId: config.teamId ?? null,
        priority: config.priority,
        dueAt:
          config.dueInMinutes !== undefined
            ? new Date(Date.now() + config.dueInMinutes * 60_000)
            : null,
      });
      return { ok: true, output: { taskId: task.id } };
    } catch (error) {
      if (isUniqueViolation(error, 'task_automation_step_key')) {
        // Another delivery of the same step created it meanwhile.
        const created = await this.createdBy(execution);
        if (created) return { ok: true, output: { taskId: created, existing: true } };
      }
      if (error instanceof BadUserInputError) {
        // An assignee or team removed since the automation was saved: not worth retrying.
        return { ok: false, retryable: false, error: (error as Error).message };
      }
      throw error;
    }
  }

  /** The task this step of this run created already (deleted since or not), or null. */
  private async createdBy(execution: StepExecution): Promise<string | null> {
    const [task] = await this.tenants
      .for({ organizationId: execution.organizationId })
      .repository(Task)
      .find({ automationRunId: execution.runId, automationStep: execution.stepIndex }, undefined, {
        withDeleted: true,
      });
    return task?.id ?? null;
  }
}
