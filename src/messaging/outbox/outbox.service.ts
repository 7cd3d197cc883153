import { Injectable } from '@nestjs/common';
import { Transaction } from '@/database/transaction.service';
import { AnyJobRequest } from '../job-payloads';
import { OutboxEvent } from './outbox-event.entity';
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
 * Outbox rows that one SELECT yields, for `OutboxService.publishSql`: SQL
 * expressions over the SELECT's own FROM clause.
 */
export interface OutboxRowsSelect {
  /** SQL for the organization id of each row. */
  organizationId: string;
  /** SQL for the pub/sub topic (the organization id in it, as `publish` expects). */
  topic: string;
  /** SQL for the jsonb payload. */
  payload: string;
  /** The SELECT's `FROM …` (and `WHERE …`). */
  from: string;
}

/**
 * Records events and jobs inside the caller's transaction. Nothing leaves the
 * process until that transaction commits; the relay then publishes each entry
 * at least once, and each job exactly once (its jobId is the entry id).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly relay: OutboxRelay) {}

  async add(transaction: Transaction, entry: OutboxEntry): Promise<string> {
    if (!entry.topic && !entry.job) {
      throw new Error('an outbox entry needs a topic, a job, or both');
    }
    if (entry.job && entry.payload) {
      throw new Error('an entry with a job publishes the job payload (ids only); drop `payload`');
    }
    const row = transaction.manager.create(OutboxEvent, {
      organizationId: entry.organizationId,
      topic: entry.topic ?? null,
      queue: entry.job?.queue ?? null,
      jobName: entry.job?.name ?? null,
      payload: entry.job
        ? { ...(entry.job.payload as Record<string, unknown>) }
        : { ...entry.payload },
      ...(entry.notBefore ? { availableAt: entry.notBefore } : {}),
    });
    await transaction.manager.save(row);
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
   * The text of an INSERT of topic events into the outbox, for a writer that
   * inserts its rows in a statement of its own (a data-modifying CTE next to
   * the change they describe, where rows one by one through `add` would cost
   * a statement each). Each source is one SELECT (UNION ALL between them);
   * its rows get the columns `publish` gives a row (no queue or job name,
   * available at once). The caller passes the topics as parameters, named
   * where its domain names them, and has the relay kicked once it commits
   * (`written`).
   */
  publishSql(...sources: OutboxRowsSelect[]): string {
    const selects = sources.map(
      (rows) =>
        `SELECT ${rows.organizationId}, ${rows.topic},\n       ${rows.payload}\n  ${rows.from}`,
    );
    return `INSERT INTO outbox_event (organization_id, topic, payload)\n${selects.join('\nUNION ALL\n')}`;
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
