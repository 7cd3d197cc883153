import type { AutomationAction } from './automation.enums';
import type { AutomationEventData, AutomationOrigin } from './automation-types';

/** A validation problem in a step's config, with the path to the offending field. */
export interface ConfigProblem {
  /** e.g. `actions.1.config.url` — the caller prefixes `actions.<i>.config`. */
  path: string;
  message: string;
}

/** What one step does, resolved: templates rendered, nothing performed yet. `testAutomation` shows it. */
export interface RenderedStep {
  action: AutomationAction;
  /** A readable one-line description ("POST https://example.com/hook", "SMS to +15551234567"). */
  summary: string;
  /** The rendered request (body, recipients…) with secrets left out. */
  preview: Record<string, unknown>;
}

/** Everything an executor needs to perform a step once. */
export interface StepExecution {
  organizationId: string;
  automationId: string;
  runId: string;
  stepIndex: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** The run's origin for writes this step makes (depth already incremented for them). */
  origin: AutomationOrigin;
  /** The user whose rights the automation runs with (its creator), already re-checked for this run. */
  actorUserId: string;
  config: Record<string, unknown>;
  event: AutomationEventData;
}

export type StepOutcome =
  | { ok: true; output: Record<string, unknown> }
  | {
      ok: false;
      /** Network errors, 408, 429 and 5xx only. */
      retryable: boolean;
      /** From a Retry-After header, when the receiver gave one. */
      retryAfterMs?: number;
      /** Readable, no secrets. */
      error: string;
    };

/**
 * One kind of action. Implementations are providers collected by
 * ActionRegistry; `perform` must be safe to call again after a crash between
 * its side effect and the run's record (idempotency keys: run id + step index).
 */
export interface ActionExecutor {
  readonly action: AutomationAction;
  /** Problems in `config` (paths relative to the config object, e.g. `url`). Async: may read the organization's members or teams. */
  validate(organizationId: string, config: Record<string, unknown>): Promise<ConfigProblem[]>;
  /** The step with `event` rendered into its templates, performing nothing. */
  render(
    organizationId: string,
    config: Record<string, unknown>,
    event: AutomationEventData,
  ): Promise<RenderedStep>;
  perform(execution: StepExecution): Promise<StepOutcome>;
}

/** Nest injection token for the array of every ActionExecutor. */
export const ACTION_EXECUTORS = Symbol('ACTION_EXECUTORS');
