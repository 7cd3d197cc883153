import { Injectable } from '@nestjs/common';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { Transaction, TRACEPARENT_SETTING } from '@/database/transaction.service';
import { AnyJobRequest } from '../job-payloads';
import { AutomationTriggerPayload, recordAutomationTrigger } from './automation-trigger';
import { OutboxRelay } from './outbox.relay';

export interface OutboxEntry {
  organizationId: string | null;
  /** Pub/sub topic for subscriptions; include the organization id in it. */
  topic?: string;
  payload?: Record<string, unknown>;
  /** A job to enqueue; its payload is the job's (ids only). */
  job?: AnyJobRequest;
  /** Publish no earlier than this. */
  notBefore?: Date;
}

/**
 * Outbox rows that one SELECT yields, for `outboxInsertSql`: SQL
 * expressions over the SELECT's own FROM clause.
 */
export interface OutboxRowsSelect {
  /** SQL for each row's id, when the writer records it (a job's id, for its reconciler); default a new uuid. */
  id?: string;
  /** SQL for the organization id of each row. */
  organizationId: string;
  /** SQL for the pub/sub topic (the organization id in it, as `publish` expects). */
  topic?: string;
  /** A job to enqueue (SQL for its queue and job name); its payload is the job's (ids only). */
  job?: { queue: string; name: string };
  /** SQL for the jsonb payload. */
  payload: string;
  /** The SELECT's `FROM …` (and `WHERE …`). */
  from: string;
  /**
   * SQL for each row's trace context (a W3C traceparent, or NULL), for a
   * statement that writes rows of several traces at once (one per job of a
   * batch), outside a transaction of TransactionService. Default: the
   * column's own default, the running transaction's (OutboxEvent.traceparent).
   */
  traceparent?: string;
}

/** What `outbox_event.traceparent` defaults to: the trace context TransactionService set. */
const TRACEPARENT_DEFAULT = `NULLIF(current_setting('${TRACEPARENT_SETTING}', true), '')`;

/**
 * The text of an INSERT of outbox rows, for a writer that inserts its rows
 * in a statement of its own (a data-modifying CTE next to the change they
 * describe, where rows one by one through `OutboxService.add` would cost a
 * statement each). Each source is one SELECT (UNION ALL between them) giving
 * the columns `add` gives a row (available at once). A pure function, so a
 * repository can build a constant statement with it; the caller has the
 * relay kicked once its transaction commits (`OutboxService.written`).
 */
export function outboxInsertSql(...sources: OutboxRowsSelect[]): string {
  const traced = sources.some((rows) => rows.traceparent !== undefined);
  const selects = sources.map((rows) => {
    if (!rows.topic && !rows.job) throw new Error('outbox rows need a topic, a job, or both');
    const columns = [
      rows.id ?? 'gen_random_uuid()',
      rows.organizationId,
      rows.topic ?? 'NULL',
      rows.job?.queue ?? 'NULL',
      rows.job?.name ?? 'NULL',
    ];
    const traceparent = traced ? `,\n       ${rows.traceparent ?? TRACEPARENT_DEFAULT}` : '';
    return `SELECT ${columns.join(', ')},\n       ${rows.payload}${traceparent}\n  ${rows.from}`;
  });
  const columns = `id, organization_id, topic, queue, job_name, payload${traced ? ', traceparent' : ''}`;
  return `INSERT INTO outbox_event (${columns})\n${selects.join('\nUNION ALL\n')}`;
}

/**
 * One row of `add` (OutboxEvent): the id, creation time and trace context
 * are the columns' defaults, as is the publishing time unless given.
 */
const INSERT_ROW: NamedStatement = {
  name: 'outbox_event_insert',
  text: `INSERT INTO outbox_event (organization_id, topic, queue, job_name, payload, available_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, COALESCE($6::timestamptz, now()))
         RETURNING id`,
};

/**
 * Records events and jobs inside the caller's transaction. Nothing leaves the
 * process until that transaction commits; the relay then publishes each entry
 * at least once, and each job exactly once (its jobId is the entry id).
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly statements: NamedStatements,
  ) {}

  /**
   * Every mutation writes at least one row, so this is one plain INSERT
   * (a named prepared statement on PostgreSQL) in the caller's transaction,
   * not an entity save through TypeORM's persistence machinery.
   */
  async add(transaction: Transaction, entry: OutboxEntry): Promise<string> {
    if (!entry.topic && !entry.job) {
      throw new Error('an outbox entry needs a topic, a job, or both');
    }
    if (entry.job && entry.payload) {
      throw new Error('an entry with a job publishes the job payload (ids only); drop `payload`');
    }
    const [row] = await this.statements.run<{ id: string }>(transaction.manager, INSERT_ROW, [
      entry.organizationId,
      entry.topic ?? null,
      entry.job?.queue ?? null,
      entry.job?.name ?? null,
      JSON.stringify(entry.job ? entry.job.payload : (entry.payload ?? {})),
      entry.notBefore ?? null,
    ]);
    transaction.afterCommit(() => this.relay.kick());
    return row.id;
  }

  /**
   * For a writer that inserts its outbox rows itself, in a statement of its
   * own (a data-modifying CTE next to the change they describe): call it in
   * each transaction that did, so the relay publishes them once it commits.
   */
  written(transaction: Transaction): void {
    transaction.afterCommit(() => this.relay.kick());
  }

  /**
   * The `automations`/`dispatch-event` job of one committed event, in the
   * writer's transaction, when the organization has an enabled automation
   * for its trigger (automation-trigger.ts).
   */
  triggerAutomations(transaction: Transaction, event: AutomationTriggerPayload): Promise<void> {
    return recordAutomationTrigger(transaction, event, (committed) => this.written(committed));
  }

  /** `outboxInsertSql`, for a writer that holds the service. */
  publishSql(...sources: OutboxRowsSelect[]): string {
    return outboxInsertSql(...sources);
  }

  enqueueJob(
    transaction: Transaction,
    organizationId: string | null,
    job: AnyJobRequest,
  ): Promise<string> {
    return this.add(transaction, { organizationId, job });
  }

  publish(
    transaction: Transaction,
    organizationId: string | null,
    topic: string,
    payload: Record<string, unknown>,
  ): Promise<string> {
    return this.add(transaction, { organizationId, topic, payload });
  }
}
