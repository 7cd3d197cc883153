import type { Transaction } from '@/database/transaction.service';
import type { OutboxRowsSelect } from './outbox.service';

/**
 * Where a write made by an automation run came from (the automations
 * module's AutomationOrigin, restated here for the domains below it): carried
 * into the events that write causes.
 */
export interface AutomationOriginRef {
  automationId: string;
  runId: string;
  /** 1 for a write made by a run a person's change caused; +1 per automation in the chain. */
  depth: number;
  /**
   * The run's step that makes the write, when the write is that step's one
   * effect (CREATE_TASK): the task records run and step, once.
   */
  stepIndex?: number;
}

/** The committed domain events that may trigger automations (AutomationTrigger's event kinds). */
export type AutomationEventTrigger = 'TASK_CREATED' | 'CALL_SCORED' | 'FLEET_ALERT';

/** The `automations`/`dispatch-event` job's payload: ids only, plus the write's origin. */
export interface AutomationTriggerPayload {
  organizationId: string;
  trigger: AutomationEventTrigger;
  /** The task, the call score, or the fleet alert. */
  subjectId: string;
  /** Set when an automation run's write caused the event. */
  origin: AutomationOriginRef | null;
}

const QUEUE = 'automations';
const JOB = 'dispatch-event';

/** SQL: whether organization `organizationSql` has an enabled automation for `trigger`. */
function hasAutomationSql(organizationSql: string, trigger: AutomationEventTrigger): string {
  return `EXISTS (SELECT 1 FROM automation a
                   WHERE a.organization_id = ${organizationSql}
                     AND a.trigger = '${trigger}' AND a.enabled)`;
}

/**
 * Outbox rows (for `outboxInsertSql`, in a writer's own statement) of the
 * `dispatch-event` jobs of the events one SELECT yields: one per row of
 * `from`/`where`, and only where the organization has an enabled automation
 * for `trigger`, so an organization without automations pays one index
 * probe. SQL expressions are over the SELECT's FROM clause.
 */
export function automationTriggerRows(options: {
  trigger: AutomationEventTrigger;
  organizationId: string;
  subjectId: string;
  /** `FROM …` of the events (no WHERE). */
  from: string;
  /** Extra condition on the events, if any. */
  where?: string;
  /** SQL for each event's trace context (OutboxRowsSelect.traceparent), if the writer has one. */
  traceparent?: string;
}): OutboxRowsSelect {
  const { trigger, organizationId } = options;
  const conditions = [options.where, hasAutomationSql(organizationId, trigger)].filter(Boolean);
  return {
    organizationId,
    job: { queue: `'${QUEUE}'`, name: `'${JOB}'` },
    payload: `jsonb_build_object('organizationId', (${organizationId})::uuid, 'trigger', '${trigger}',
                                 'subjectId', ${options.subjectId}, 'origin', NULL::jsonb)`,
    from: `${options.from} WHERE ${conditions.join(' AND ')}`,
    ...(options.traceparent !== undefined ? { traceparent: options.traceparent } : {}),
  };
}

/**
 * In `transaction`: the `dispatch-event` job of one committed event when
 * the organization has an enabled automation for `trigger` (one statement;
 * nothing when it has none). The caller's transaction commits it with the
 * change it describes, or rolls both back; the relay is kicked after commit.
 */
export async function recordAutomationTrigger(
  transaction: Transaction,
  event: AutomationTriggerPayload,
  kickRelay: (transaction: Transaction) => void,
): Promise<void> {
  const rows = await transaction.manager.query<Array<{ id: string }>>(
    `INSERT INTO outbox_event (organization_id, queue, job_name, payload)
     SELECT $1, '${QUEUE}', '${JOB}',
            jsonb_build_object('organizationId', $1::uuid, 'trigger', $2::text,
                               'subjectId', $3::uuid, 'origin', $4::jsonb)
      WHERE EXISTS (SELECT 1 FROM automation a
                     WHERE a.organization_id = $1 AND a.trigger = $2 AND a.enabled)
     RETURNING id`,
    [event.organizationId, event.trigger, event.subjectId, JSON.stringify(event.origin)],
  );
  if (rows.length > 0) kickRelay(transaction);
}
