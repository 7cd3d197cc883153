import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { automationRunsConfig } from '@/config/configuration';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AutomationTriggerPayload } from '@/messaging/outbox/automation-trigger';
import { JobStatus } from '@/modules/calls/calls.enums';
import { enqueueRun, publishRunUpdated } from './automation-run-events';
import { AutomationRunRepository } from './automation-runs.repository';
import { Automation } from './automation.entity';
import { AutomationStepStatus, AutomationTrigger } from './automation.enums';
import type {
  AutomationEventData,
  AutomationOrigin,
  AutomationStepRecord,
} from './automation-types';
import { evaluateCondition } from './conditions';
import { EventDataLoader } from './triggers/event-data.loader';

/** One committed (or scheduled) event, ready to start runs. */
export interface AutomationEvent {
  organizationId: string;
  trigger: AutomationTrigger;
  /** Unique per event (and occurrence): runs are unique per (automation, eventKey). */
  eventKey: string;
  data: AutomationEventData;
  origin: AutomationOrigin | null;
}

/** How the start of one automation's run for one event went. */
export type StartOutcome = 'queued' | 'skipped' | 'condition-not-met' | 'exists';

/** A run's steps before any attempt. */
export function pendingSteps(automation: Automation): AutomationStepRecord[] {
  return automation.actions.map((step, index) => ({
    index,
    action: step.action,
    status: AutomationStepStatus.PENDING,
    attempts: 0,
    error: null,
    output: null,
    startedAt: null,
    finishedAt: null,
    nextAttemptAt: null,
  }));
}

/**
 * Starts runs for committed events: each enabled automation of the event's
 * trigger whose condition the event meets gets one run per event (the
 * unique (automation, event key) makes a repeated dispatch — a second relay,
 * a re-sent job, a killed worker — a no-op). The loop and flood guards
 * decide here, and every guard's refusal is a SKIPPED run with its reason:
 * an automation's own write never triggers it, a write at the chain depth
 * cap triggers nothing, and past the per-automation or per-organization
 * rate cap runs are skipped. A run and its `execute-run` job commit together.
 */
@Injectable()
export class AutomationDispatchService {
  private readonly logger = new Logger(AutomationDispatchService.name);

  constructor(
    private readonly runs: AutomationRunRepository,
    private readonly transactions: TransactionService,
    private readonly outbox: OutboxService,
    private readonly loader: EventDataLoader,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(automationRunsConfig.KEY)
    private readonly config: ConfigType<typeof automationRunsConfig>,
  ) {}

  /** The `dispatch-event` job: the event's data, then a run per matching automation. */
  async dispatch(
    eventKey: string,
    payload: AutomationTriggerPayload,
    occurredAt: Date,
  ): Promise<Record<StartOutcome, number>> {
    const trigger = payload.trigger as AutomationTrigger;
    const counts: Record<StartOutcome, number> = {
      queued: 0,
      skipped: 0,
      'condition-not-met': 0,
      exists: 0,
    };
    const automations = await this.runs.enabledFor(
      this.dataSource.manager,
      payload.organizationId,
      trigger,
      occurredAt,
    );
    if (automations.length === 0) return counts;
    const data = await this.loader.load(
      this.dataSource.manager,
      payload.organizationId,
      trigger,
      payload.subjectId,
    );
    if (!data) return counts; // the subject is gone (deleted since)
    const event: AutomationEvent = {
      organizationId: payload.organizationId,
      trigger,
      eventKey,
      data,
      origin: payload.origin ?? null,
    };
    for (const automation of automations) {
      counts[await this.start(automation, event)] += 1;
    }
    return counts;
  }

  /** One automation's run for one event (see the class). */
  start(automation: Automation, event: AutomationEvent): Promise<StartOutcome> {
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      await this.runs.lockAutomation(manager, automation.id);
      const origin = event.origin;
      // An event the automation does not want is no run at all, guarded or not.
      if (!evaluateCondition(automation.condition, event.data)) return 'condition-not-met';
      const skipReason = await this.skipReason(manager, automation, origin);
      const status = skipReason ? JobStatus.SKIPPED : JobStatus.QUEUED;
      const steps = pendingSteps(automation).map((step) =>
        skipReason ? { ...step, status: AutomationStepStatus.SKIPPED } : step,
      );
      const runId = await this.runs.insert(manager, {
        organizationId: event.organizationId,
        automationId: automation.id,
        trigger: event.trigger,
        eventKey: event.eventKey,
        event: event.data,
        status,
        skipReason,
        chainDepth: origin?.depth ?? 0,
        causedByRunId: origin?.runId ?? null,
        steps,
      });
      if (!runId) return 'exists';
      await publishRunUpdated(this.outbox, transaction, event.organizationId, {
        runId,
        automationId: automation.id,
        status,
      });
      if (skipReason) {
        this.logger.log(`automation ${automation.id}: run ${runId} skipped: ${skipReason}`);
        return 'skipped';
      }
      await enqueueRun(this.outbox, transaction, event.organizationId, runId);
      return 'queued';
    });
  }

  private async skipReason(
    manager: EntityManager,
    automation: Automation,
    origin: AutomationOrigin | null,
  ): Promise<string | null> {
    if (origin?.automationId === automation.id) {
      return 'loop guard: the event was caused by this automation';
    }
    if (origin && origin.depth >= this.config.maxChainDepth) {
      return `chain depth cap: the event was caused by a chain of ${origin.depth} automation run(s) (AUTOMATION_MAX_CHAIN_DEPTH=${this.config.maxChainDepth})`;
    }
    const recent = await this.runs.recentRuns(manager, automation.organizationId, automation.id);
    if (recent.automation >= this.config.runsPerMinutePerAutomation) {
      return `rate cap: ${this.config.runsPerMinutePerAutomation} runs per minute for this automation (AUTOMATION_RUNS_PER_MINUTE_PER_AUTOMATION)`;
    }
    if (recent.organization >= this.config.runsPerMinutePerOrganization) {
      return `rate cap: ${this.config.runsPerMinutePerOrganization} runs per minute for the organization (AUTOMATION_RUNS_PER_MINUTE_PER_ORGANIZATION)`;
    }
    return null;
  }
}
