import type { AutomationAction, AutomationStepStatus, AutomationTrigger } from './automation.enums';

/** One step of an automation, as stored (`automation.actions`) and as given in `AutomationStepInput`. */
export interface AutomationStepDefinition {
  action: AutomationAction;
  /** The action's own settings (see each ActionExecutor's `validate`); templated strings allowed where documented. */
  config: Record<string, unknown>;
}

/** A condition leaf: a whitelisted field of the trigger's event, an operator and a value. */
export interface ConditionRule {
  field: string;
  op: ConditionOperator;
  value?: unknown;
}

export type ConditionOperator =
  'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn' | 'contains' | 'exists';

/** `{ all: [...] }` or `{ any: [...] }`, nestable; leaves are ConditionRules. */
export type AutomationCondition = { all: ConditionNode[] } | { any: ConditionNode[] };
export type ConditionNode = ConditionRule | AutomationCondition;

/**
 * Where a write made by an automation came from. Carried into the events the
 * write causes, so an automation never triggers itself and chains stop at
 * depth 3 (SPEC §9).
 */
export interface AutomationOrigin {
  automationId: string;
  runId: string;
  /** 1 for a write made by a run triggered by a person's change; +1 per automation in the chain. */
  depth: number;
}

/**
 * The whitelisted view of a trigger's event that conditions and templates
 * read: nested plain values, e.g. `{ task: { title, priority, team: { name } } }`,
 * `{ call: { agent: { name } }, score: { overall, criteria: { <key>: { passed } } } }`.
 */
export type AutomationEventData = Record<string, unknown>;

/** One step's record on a run (`automation_run.steps`). */
export interface AutomationStepRecord {
  index: number;
  action: AutomationAction;
  status: AutomationStepStatus;
  attempts: number;
  /** The last error, readable (no secrets). */
  error: string | null;
  /** What the step produced, summarised (a created task id, an HTTP status, a message id). */
  output: Record<string, unknown> | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** When the next attempt is due (RETRYING). */
  nextAttemptAt: string | null;
}

/** The trigger kinds as plain strings, for code below the automations tier. */
export type AutomationTriggerName = `${AutomationTrigger}`;
