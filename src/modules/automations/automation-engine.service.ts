import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { can } from '@/access/permissions';
import { Role } from '@/access/role';
import { automationRunsConfig } from '@/config/configuration';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AuditService } from '@/modules/audit/audit.service';
import { JobStatus } from '@/modules/calls/calls.enums';
import { StepOutcome } from './action-executor';
import { ActionRegistry } from './action-registry';
import { enqueueRun, publishRunUpdated } from './automation-run-events';
import { AutomationRun } from './automation-run.entity';
import { AutomationRunRepository } from './automation-runs.repository';
import { Automation } from './automation.entity';
import { AutomationStepStatus } from './automation.enums';
import type { AutomationStepRecord } from './automation-types';

/** Longest wait between two attempts of a step, unless the receiver asked for longer (Retry-After). */
const MAX_STEP_BACKOFF_MS = 600_000;
/**
 * Longest Retry-After honoured: the executors' own cap (24 h,
 * `actions/http-outcome.ts`), so a step is never retried sooner than its
 * receiver asked (README "Automation runs").
 */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** The wait before a step's next attempt: exponential from the base, never shorter than Retry-After. */
export function stepRetryDelayMs(attempts: number, baseMs: number, retryAfterMs?: number): number {
  const backoff = Math.min(
    baseMs * 2 ** Math.min(Math.max(0, attempts - 1), 20),
    MAX_STEP_BACKOFF_MS,
  );
  if (typeof retryAfterMs !== 'number' || !Number.isFinite(retryAfterMs) || retryAfterMs <= 0) {
    return backoff;
  }
  return Math.max(backoff, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/*
 * The run lease (AUTOMATION_RUN_LEASE_MS, config.runLeaseMs): how long a
 * RUNNING run belongs to the delivery that claimed it. Another delivery of
 * its job (a stalled job BullMQ re-delivered, a reconciler's re-send) leaves
 * it alone meanwhile. Longer than any step takes (outbound calls time out
 * well within it); a run waiting for a retry is QUEUED.
 */

/** What happened to a run in one `execute-run` job. */
export type ExecuteOutcome = 'completed' | 'failed' | 'retrying' | 'skipped' | 'not-runnable';

/**
 * Runs an automation run's steps in order, through the ActionRegistry,
 * recording each step on the run (status, attempts, error, output, times).
 *
 * - The automation's creator's rights are checked again at every run: a
 *   creator gone or without `automations:manage` fails the run readably.
 * - A step that succeeded is never performed again (a retried run, a job
 *   delivered twice): its record says SUCCEEDED before the next step starts.
 * - A retryable failure (network, 408, 429, 5xx) schedules the next attempt
 *   with back-off (honouring Retry-After) as a delayed `execute-run` job
 *   through the outbox (the run QUEUED meanwhile), up to
 *   AUTOMATION_STEP_MAX_ATTEMPTS; any other
 *   failure, or the last attempt, fails the step and the run, and the
 *   remaining steps are recorded SKIPPED.
 * - Failed runs in a row are counted on the automation; at
 *   AUTOMATION_MAX_CONSECUTIVE_FAILURES it is disabled, with its reason,
 *   and the change is audited. A completed run resets the count.
 */
@Injectable()
export class AutomationEngine {
  private readonly logger = new Logger(AutomationEngine.name);

  constructor(
    private readonly runs: AutomationRunRepository,
    private readonly transactions: TransactionService,
    private readonly outbox: OutboxService,
    private readonly registry: ActionRegistry,
    private readonly audit: AuditService,
    @Inject(automationRunsConfig.KEY)
    private readonly config: ConfigType<typeof automationRunsConfig>,
  ) {}

  async execute(organizationId: string, runId: string): Promise<ExecuteOutcome> {
    const started = await this.begin(organizationId, runId);
    if (typeof started === 'string') return started;
    const { run, automation, actorUserId } = started;
    for (const record of run.steps) {
      if (record.status === AutomationStepStatus.SUCCEEDED) continue;
      if (
        record.status === AutomationStepStatus.RETRYING &&
        record.nextAttemptAt &&
        new Date(record.nextAttemptAt).getTime() > Date.now() + 1000
      ) {
        // Delivered early (a re-sent job): the attempt's own delayed job comes at its time.
        await this.transactions.run((transaction) =>
          this.update(run, () => undefined, transaction, JobStatus.QUEUED),
        );
        return 'retrying';
      }
      const definition = automation.actions[record.index];
      const attempt = record.attempts + 1;
      await this.update(run, (steps) => {
        const step = steps[record.index];
        step.attempts = attempt;
        step.startedAt ??= new Date().toISOString();
        step.nextAttemptAt = null;
      });
      let outcome: StepOutcome;
      try {
        outcome = await this.registry.get(definition.action).perform({
          organizationId,
          automationId: automation.id,
          runId: run.id,
          stepIndex: record.index,
          attempt,
          origin: { automationId: automation.id, runId: run.id, depth: run.chainDepth + 1 },
          actorUserId,
          config: definition.config,
          event: run.event,
        });
      } catch (error) {
        // An executor bug or our own database: readable, retryable like a network error.
        outcome = { ok: false, retryable: true, error: (error as Error).message };
      }
      if (outcome.ok) {
        const output = outcome.output;
        const succeeded = (steps: AutomationStepRecord[]) => {
          const step = steps[record.index];
          step.status = AutomationStepStatus.SUCCEEDED;
          step.output = output;
          step.error = null;
          step.finishedAt = new Date().toISOString();
        };
        if (record.index === run.steps.length - 1) {
          // The last step: its success and the run's completion commit together.
          await this.complete(run, automation, succeeded);
          return 'completed';
        }
        await this.update(run, succeeded);
        continue;
      }
      const readable = `step ${record.index + 1} (${definition.action}): ${outcome.error}`;
      if (outcome.retryable && attempt < this.config.stepMaxAttempts) {
        const delay = stepRetryDelayMs(attempt, this.config.stepRetryBaseMs, outcome.retryAfterMs);
        const next = new Date(Date.now() + delay);
        await this.transactions.run(async (transaction) => {
          await this.update(
            run,
            (steps) => {
              const step = steps[record.index];
              step.status = AutomationStepStatus.RETRYING;
              step.error = outcome.ok ? null : outcome.error;
              step.nextAttemptAt = next.toISOString();
            },
            transaction,
            JobStatus.QUEUED,
          );
          await enqueueRun(this.outbox, transaction, organizationId, run.id, next);
        });
        return 'retrying';
      }
      await this.fail(run, automation, readable, record.index, outcome.error);
      return 'failed';
    }
    // Every step had succeeded already (a run delivered again after its last step).
    await this.complete(run, automation, () => undefined);
    return 'completed';
  }

  /** Records the last change to the steps and the run COMPLETED, and resets the failure count. */
  private async complete(
    run: AutomationRun,
    automation: Automation,
    change: (steps: AutomationStepRecord[]) => void,
  ): Promise<void> {
    await this.transactions.run(async (transaction) => {
      run.error = null;
      run.finishedAt = new Date();
      await this.update(run, change, transaction, JobStatus.COMPLETED);
      await this.runs.resetFailures(transaction.manager, run.organizationId, automation.id);
    });
  }

  /**
   * Marks the run RUNNING, or ends it before any step: an automation
   * deleted or disabled before its run started (SKIPPED), or a creator
   * without the rights any more (FAILED, counted).
   */
  private async begin(
    organizationId: string,
    runId: string,
  ): Promise<ExecuteOutcome | { run: AutomationRun; automation: Automation; actorUserId: string }> {
    const prepared = await this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const run = await this.runs.run(manager, organizationId, runId, true);
      if (!run || (run.status !== JobStatus.QUEUED && run.status !== JobStatus.RUNNING)) {
        return 'not-runnable' as const;
      }
      // RUNNING and touched within the lease: another delivery of its job is at it.
      const leased = run.updatedAt.getTime() > Date.now() - this.config.runLeaseMs;
      if (run.status === JobStatus.RUNNING && leased) {
        return 'not-runnable' as const;
      }
      const automation = await this.runs.automation(manager, organizationId, run.automationId);
      const untouched = run.steps.every((step) => step.attempts === 0);
      if (!automation || (!automation.enabled && untouched)) {
        run.status = JobStatus.SKIPPED;
        run.skipReason = automation
          ? 'automation disabled before the run started'
          : 'automation deleted';
        run.finishedAt = new Date();
        run.steps = run.steps.map((step) => ({ ...step, status: AutomationStepStatus.SKIPPED }));
        await this.save(transaction, run);
        return 'skipped' as const;
      }
      run.status = JobStatus.RUNNING;
      run.startedAt ??= new Date();
      await this.save(transaction, run);
      return { run, automation };
    });
    if (typeof prepared === 'string') return prepared;
    const { run, automation } = prepared;
    const rightsProblem = await this.rightsProblem(automation);
    if (rightsProblem) {
      await this.fail(run, automation, rightsProblem, null, rightsProblem);
      return 'failed';
    }
    return { run, automation, actorUserId: automation.createdByUserId! };
  }

  /** Why the automation's creator may not run it now, or null. */
  private async rightsProblem(automation: Automation): Promise<string | null> {
    if (!automation.createdByUserId) {
      return "the automation's creator no longer exists; someone with automations:manage must recreate it";
    }
    const [membership] = (await this.runs.query(
      `SELECT role FROM membership WHERE organization_id = $1 AND user_id = $2`,
      [automation.organizationId, automation.createdByUserId],
    )) as Array<{ role: Role }>;
    if (!membership) {
      return "the automation's creator is no longer a member of the organization";
    }
    if (!can(membership.role, 'automations:manage')) {
      return `the automation's creator (now ${membership.role}) no longer has automations:manage`;
    }
    return null;
  }

  /** Fails the run (the step at `failedIndex`, the rest SKIPPED) and counts the failure. */
  private async fail(
    run: AutomationRun,
    automation: Automation,
    error: string,
    failedIndex: number | null,
    stepError: string,
  ): Promise<void> {
    await this.transactions.run(async (transaction) => {
      run.status = JobStatus.FAILED;
      run.error = error;
      run.finishedAt = new Date();
      run.steps = run.steps.map((step) => {
        if (step.index === failedIndex) {
          return {
            ...step,
            status: AutomationStepStatus.FAILED,
            error: stepError,
            finishedAt: new Date().toISOString(),
            nextAttemptAt: null,
          };
        }
        if (step.status === AutomationStepStatus.SUCCEEDED) return step;
        return { ...step, status: AutomationStepStatus.SKIPPED, nextAttemptAt: null };
      });
      await this.save(transaction, run);
      await this.countFailure(transaction, automation.organizationId, automation.id, error);
    });
  }

  private async countFailure(
    transaction: Transaction,
    organizationId: string,
    automationId: string,
    error: string,
  ): Promise<void> {
    const automation = await this.runs.automation(
      transaction.manager,
      organizationId,
      automationId,
      true,
    );
    if (!automation) return;
    automation.consecutiveFailures += 1;
    const limit = this.config.maxConsecutiveFailures;
    if (automation.enabled && automation.consecutiveFailures >= limit) {
      automation.enabled = false;
      automation.disabledReason = `disabled after ${automation.consecutiveFailures} failed runs in a row (AUTOMATION_MAX_CONSECUTIVE_FAILURES=${limit}); last error: ${error}`;
      await this.audit.record(
        transaction.manager,
        { organizationId, userId: null, apiKeyId: null },
        {
          action: 'automation.disabled',
          entityType: 'Automation',
          entityId: automation.id,
          before: { enabled: true, disabledReason: null },
          after: { enabled: false, disabledReason: automation.disabledReason },
        },
      );
      this.logger.warn(`automation ${automation.id} disabled: ${automation.disabledReason}`);
    }
    await this.runs.saveAutomation(transaction.manager, automation);
  }

  /** Changes the run's step records and saves it (in `transaction`, or one of its own). */
  private async update(
    run: AutomationRun,
    change: (steps: AutomationStepRecord[]) => void,
    transaction?: Transaction,
    status?: JobStatus,
  ): Promise<void> {
    const steps = run.steps.map((step) => ({ ...step }));
    change(steps);
    run.steps = steps;
    if (status) run.status = status;
    if (transaction) await this.save(transaction, run);
    else await this.transactions.run((own) => this.save(own, run));
  }

  /** Saves the run with an `automationRunUpdated` event. */
  private async save(transaction: Transaction, run: AutomationRun): Promise<void> {
    await this.runs.save(transaction.manager, run);
    await publishRunUpdated(this.outbox, transaction, run.organizationId, {
      runId: run.id,
      automationId: run.automationId,
      status: run.status,
    });
  }
}
