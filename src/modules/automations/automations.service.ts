import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import {
  BadUserInputError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '@/common/errors/domain-errors';
import { isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { ActionRegistry } from './action-registry';
import { AutomationTrigger } from './automation.enums';
import { Automation } from './automation.entity';
import { AutomationRepository } from './automation.repository';
import type { AutomationCondition, AutomationStepDefinition } from './automation-types';
import { conditionProblems, evaluateCondition } from './conditions';
import {
  AutomationStepInput,
  AutomationTriggerOptionsInput,
  CreateAutomationInput,
  MAX_MINUTES_BEFORE,
  MIN_MINUTES_BEFORE,
  UpdateAutomationInput,
} from './dto/automation.input';
import { AutomationTestResult } from './dto/automation.objects';
import { sampleEventData, sampleProblems } from './event-sample';
import { templateProblems } from './templates';

/** Automations one organization may have. */
export const MAX_AUTOMATIONS_PER_ORGANIZATION = 100;
/** A step's config, as JSON, in characters. */
export const MAX_STEP_CONFIG_LENGTH = 16_000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A definition as it will be stored, once checked. */
interface Definition {
  name: string;
  trigger: AutomationTrigger;
  condition: AutomationCondition | null;
  actions: AutomationStepDefinition[];
  triggerOptions: Record<string, unknown>;
}

/** What the audit log keeps of a definition: no step settings (Slack URLs are secrets). */
function audited(definition: Definition & { enabled?: boolean }): Record<string, unknown> {
  return {
    name: definition.name,
    trigger: definition.trigger,
    triggerOptions: definition.triggerOptions,
    condition: definition.condition,
    actions: definition.actions.map((step) => ({
      action: step.action,
      configKeys: Object.keys(step.config).sort(),
    })),
    ...(definition.enabled === undefined ? {} : { enabled: definition.enabled }),
  };
}

/** Every template problem in the strings of `value`, with their paths under `path`. */
function configTemplateProblems(
  value: unknown,
  trigger: AutomationTrigger,
  path: string,
): FieldError[] {
  if (typeof value === 'string') return templateProblems(value, trigger, path);
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      configTemplateProblems(item, trigger, `${path}.${index}`),
    );
  }
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) =>
      configTemplateProblems(item, trigger, `${path}.${key}`),
    );
  }
  return [];
}

/**
 * Automation definitions (SPEC §9): "when <trigger> and <condition>, do
 * <steps>", checked in full before anything is stored — the condition and
 * every `{{template}}` against the trigger's whitelisted fields, each step's
 * settings by its action's executor — and audited. An automation runs with
 * the rights of the person who last defined it (`createdByUserId`), so only a
 * person (not an API key) may create it or change its definition.
 */
@Injectable()
export class AutomationsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly registry: ActionRegistry,
    private readonly automations: AutomationRepository,
  ) {}

  list(viewer: Viewer): Promise<Automation[]> {
    return this.tenants
      .for(viewer)
      .repository(Automation)
      .find({}, { createdAt: 'DESC', id: 'DESC' });
  }

  async get(viewer: Viewer, id: string): Promise<Automation | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Automation).findOneBy({ id });
  }

  /** For DataLoaders (e.g. AutomationRun.automation). */
  findByIds(organizationId: string, ids: readonly string[]): Promise<Automation[]> {
    return this.tenants.for({ organizationId }).repository(Automation).findByIds(ids);
  }

  async create(viewer: Viewer, input: CreateAutomationInput): Promise<Automation> {
    const userId = this.definer(viewer);
    const definition = await this.checked(viewer.organizationId, {
      name: input.name,
      trigger: input.trigger,
      condition: input.condition ?? null,
      actions: input.actions,
      triggerOptions: input.triggerOptions ?? null,
    });
    const enabled = input.enabled ?? true;
    return this.transactions.run(async ({ manager }) => {
      // Counted under a per-organization lock, so parallel creates cannot pass the cap.
      await this.automations.lockOrganization(manager, viewer.organizationId);
      const automations = this.tenants.for(viewer, manager).repository(Automation);
      if ((await automations.count()) >= MAX_AUTOMATIONS_PER_ORGANIZATION) {
        throw new BadUserInputError(
          `An organization has at most ${MAX_AUTOMATIONS_PER_ORGANIZATION} automations; delete one first`,
          [{ path: 'input', message: `at most ${MAX_AUTOMATIONS_PER_ORGANIZATION} automations` }],
        );
      }
      const automation = await automations.save(
        automations.create({
          ...definition,
          enabled,
          createdByUserId: userId,
          consecutiveFailures: 0,
          disabledReason: null,
        }),
      );
      await this.audit.record(manager, viewer, {
        action: 'automation.created',
        entityType: 'Automation',
        entityId: automation.id,
        after: audited({ ...definition, enabled }),
      });
      return automation;
    });
  }

  /**
   * Changes the fields given and checks the whole resulting definition again
   * (a new trigger must fit the condition and templates). The editor becomes
   * the person whose rights the runs use.
   */
  async update(viewer: Viewer, id: string, input: UpdateAutomationInput): Promise<Automation> {
    const userId = this.definer(viewer);
    const current = await this.tenants.for(viewer).repository(Automation).get(id, 'Automation');
    const trigger = input.trigger ?? current.trigger;
    const definition = await this.checked(viewer.organizationId, {
      name: input.name ?? current.name,
      trigger,
      condition: input.condition === undefined ? current.condition : input.condition,
      actions: input.actions ?? current.actions,
      triggerOptions:
        input.triggerOptions !== undefined
          ? input.triggerOptions
          : trigger === current.trigger
            ? current.triggerOptions
            : null,
    });
    return this.transactions.run(async ({ manager }) => {
      const automations = this.tenants.for(viewer, manager).repository(Automation);
      const automation = await automations.get(id, 'Automation', 'pessimistic_write');
      const before = audited(automation);
      Object.assign(automation, definition, { createdByUserId: userId });
      const saved = await automations.save(automation);
      await this.audit.record(manager, viewer, {
        action: 'automation.updated',
        entityType: 'Automation',
        entityId: saved.id,
        before,
        after: audited(definition),
      });
      return saved;
    });
  }

  /** Turning it on again clears the failure count and the reason the system turned it off. */
  async setEnabled(viewer: Viewer, id: string, enabled: boolean): Promise<Automation> {
    return this.transactions.run(async ({ manager }) => {
      const automations = this.tenants.for(viewer, manager).repository(Automation);
      const automation = await automations.get(id, 'Automation', 'pessimistic_write');
      const before = {
        enabled: automation.enabled,
        consecutiveFailures: automation.consecutiveFailures,
        disabledReason: automation.disabledReason,
      };
      automation.enabled = enabled;
      if (enabled) {
        automation.consecutiveFailures = 0;
        automation.disabledReason = null;
      }
      const saved = await automations.save(automation);
      await this.audit.record(manager, viewer, {
        action: enabled ? 'automation.enabled' : 'automation.disabled',
        entityType: 'Automation',
        entityId: saved.id,
        before,
        after: {
          enabled: saved.enabled,
          consecutiveFailures: saved.consecutiveFailures,
          disabledReason: saved.disabledReason,
        },
      });
      return saved;
    });
  }

  /** Deletes it with its run history. */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    return this.transactions.run(async ({ manager }) => {
      const automations = this.tenants.for(viewer, manager).repository(Automation);
      const automation = await automations.get(id, 'Automation', 'pessimistic_write');
      const before = audited(automation);
      await automations.remove(automation);
      await this.audit.record(manager, viewer, {
        action: 'automation.deleted',
        entityType: 'Automation',
        entityId: id,
        before,
      });
      return true;
    });
  }

  /**
   * A dry run on `sample` (shaped like the trigger's event data): whether the
   * condition holds and every step rendered by its executor. Nothing is sent,
   * written or recorded.
   */
  async test(viewer: Viewer, id: string, sample: unknown): Promise<AutomationTestResult> {
    const automation = await this.get(viewer, id);
    if (!automation) throw new NotFoundError('Automation', id);
    const problems = sampleProblems(automation.trigger, sample, 'sample');
    if (problems.length > 0) throw BadUserInputError.forFields(problems, problems.slice(0, 50));
    const event = sampleEventData(sample as Record<string, unknown>);
    if (automation.trigger === AutomationTrigger.CALENDAR_EVENT_STARTING) {
      event.minutesBefore ??= automation.triggerOptions.minutesBefore;
    }
    const steps = [];
    for (const [index, step] of automation.actions.entries()) {
      if (!this.registry.has(step.action)) {
        // Stored before this server lost the action: say so rather than fail the whole dry run.
        steps.push({
          index,
          action: step.action,
          summary: `${step.action} is not available on this server: a run would fail this step`,
          preview: {},
        });
        continue;
      }
      const rendered = await this.registry
        .get(step.action)
        .render(viewer.organizationId, step.config, event);
      steps.push({ index, ...rendered });
    }
    return { conditionMatched: evaluateCondition(automation.condition, event), event, steps };
  }

  /** The person an automation will run as: API keys may not define automations. */
  private definer(viewer: Viewer): string {
    if (!viewer.userId) {
      throw new ForbiddenError(
        'Automations run with the rights of the person who defines them: sign in as a person to create or change one',
      );
    }
    return viewer.userId;
  }

  /** The definition checked in full; BAD_USER_INPUT naming every problem's path otherwise. */
  private async checked(
    organizationId: string,
    input: {
      name: string;
      trigger: AutomationTrigger;
      condition: unknown;
      actions: readonly AutomationStepInput[] | readonly AutomationStepDefinition[];
      triggerOptions: AutomationTriggerOptionsInput | null;
    },
  ): Promise<Definition> {
    const problems: FieldError[] = [];
    const name = input.name.trim();
    if (!name) problems.push({ path: 'input.name', message: 'must not be blank' });

    const triggerOptions: Record<string, unknown> = {};
    const minutesBefore = input.triggerOptions?.minutesBefore;
    if (input.trigger === AutomationTrigger.CALENDAR_EVENT_STARTING) {
      if (minutesBefore === undefined || minutesBefore === null) {
        problems.push({
          path: 'input.triggerOptions.minutesBefore',
          message: `is required for CALENDAR_EVENT_STARTING (${MIN_MINUTES_BEFORE} to ${MAX_MINUTES_BEFORE})`,
        });
      } else {
        triggerOptions.minutesBefore = minutesBefore;
      }
    } else if (minutesBefore !== undefined && minutesBefore !== null) {
      problems.push({
        path: 'input.triggerOptions.minutesBefore',
        message: 'applies to CALENDAR_EVENT_STARTING only',
      });
    }

    problems.push(...conditionProblems(input.condition, input.trigger, 'input.condition'));

    const actions: AutomationStepDefinition[] = [];
    for (const [index, step] of input.actions.entries()) {
      const path = `input.actions.${index}`;
      if (!this.registry.has(step.action)) {
        problems.push({
          path: `${path}.action`,
          message: `${step.action} is not available on this server`,
        });
        continue;
      }
      if (!isPlainObject(step.config)) {
        problems.push({ path: `${path}.config`, message: 'must be an object' });
        continue;
      }
      if (JSON.stringify(step.config).length > MAX_STEP_CONFIG_LENGTH) {
        problems.push({
          path: `${path}.config`,
          message: `must be at most ${MAX_STEP_CONFIG_LENGTH} characters as JSON`,
        });
        continue;
      }
      problems.push(...configTemplateProblems(step.config, input.trigger, `${path}.config`));
      const configProblems = await this.registry
        .get(step.action)
        .validate(organizationId, step.config);
      problems.push(
        ...configProblems.map((problem) => ({
          path: problem.path ? `${path}.config.${problem.path}` : `${path}.config`,
          message: problem.message,
        })),
      );
      actions.push({ action: step.action, config: step.config });
    }

    if (problems.length > 0) throw BadUserInputError.forFields(problems, problems.slice(0, 50));
    return {
      name,
      trigger: input.trigger,
      condition: (input.condition ?? null) as AutomationCondition | null,
      actions,
      triggerOptions,
    };
  }
}
