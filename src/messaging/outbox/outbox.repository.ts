import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NamedStatement, NamedStatements } from '@/database/named-statement';

/** An outbox row claimed for publishing (see OutboxRepository.claimBatch). */
export interface PendingRow {
  id: string;
  organization_id: string | null;
  topic: string | null;
  queue: string | null;
  job_name: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  /** The writer's trace context, when tracing was on (OutboxEvent.traceparent). */
  traceparent: string | null;
}

/**
 * Leases a batch: due, unpublished rows that no relay holds (no lease, or
 * one that expired) get this relay's claim token and a lease. One statement,
 * so it commits at once: no transaction stays open while the relay talks to
 * Redis. FOR UPDATE SKIP LOCKED keeps concurrent claims apart; a claim that
 * waited on a row re-checks the lease on its newest version.
 */
const CLAIM: NamedStatement = {
  name: 'outbox.claim',
  text: `UPDATE outbox_event
            SET claim_token = $2, claimed_until = now() + make_interval(secs => $3::float8 / 1000)
          WHERE id IN (
                SELECT id FROM outbox_event
                 WHERE published_at IS NULL AND available_at <= now()
                   AND (claimed_until IS NULL OR claimed_until <= now())
                 ORDER BY created_at, id
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED)
            AND published_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
          RETURNING id, organization_id, topic, queue, job_name, payload, created_at, attempts,
                    traceparent`,
};

/** Marks published the rows that still hold `claim_token` (a relay whose lease ran out marks nothing). */
const MARK_PUBLISHED: NamedStatement = {
  name: 'outbox.mark-published',
  text: `UPDATE outbox_event
            SET published_at = now(), claim_token = NULL, claimed_until = NULL
          WHERE id = ANY($1::uuid[]) AND claim_token = $2
          RETURNING id`,
};

/**
 * The SQL of the `outbox_event` table: the relay's lease (claim, mark,
 * postpone, release) and the pruning of published rows (OutboxRelay,
 * OutboxPruneProcessor). Every statement here runs on its own (autocommit),
 * never inside a caller's transaction.
 */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: NamedStatements,
  ) {}

  /**
   * Leases up to `limit` due, unpublished, unleased rows to `claimToken`
   * for `leaseMs` and returns them. Committed when it resolves.
   */
  claimBatch(limit: number, claimToken: string, leaseMs: number): Promise<PendingRow[]> {
    return this.statements.runPooled<PendingRow>(CLAIM, [limit, claimToken, leaseMs]);
  }

  /**
   * Marks published those of `ids` that still hold `claimToken` and ends
   * their lease; resolves with the ids it marked.
   */
  async markPublished(ids: string[], claimToken: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.statements.runPooled<{ id: string }>(MARK_PUBLISHED, [ids, claimToken]);
    return rows.map((row) => row.id);
  }

  /**
   * Ends the lease of a row that could not be published (if it still holds
   * `claimToken`) and makes it due again in `delaySeconds`, recording the
   * failure.
   */
  async postpone(
    id: string,
    claimToken: string,
    attempts: number,
    lastError: string,
    delaySeconds: number,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_event
          SET claim_token = NULL, claimed_until = NULL, attempts = $3, last_error = $4,
              available_at = now() + make_interval(secs => $5)
        WHERE id = $1 AND claim_token = $2 AND published_at IS NULL`,
      [id, claimToken, attempts, lastError, delaySeconds],
    );
  }

  /**
   * Ends the lease of `ids` held by `claimToken` without counting an
   * attempt (the relay is stopping), so that another relay takes them at once.
   */
  async release(ids: string[], claimToken: string): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox_event SET claim_token = NULL, claimed_until = NULL
        WHERE id = ANY($1::uuid[]) AND claim_token = $2 AND published_at IS NULL`,
      [ids, claimToken],
    );
  }

  /**
   * The backlog the relays have not published yet: how many rows, and the
   * age in seconds of the oldest (0 when none), whether due, leased or
   * backing off after a failed publish. For /metrics (outbox lag).
   */
  async pendingSummary(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const rows: { pending: string; oldest_age_seconds: number | null }[] =
      await this.dataSource.query(
        `SELECT count(*) AS pending,
                EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest_age_seconds
           FROM outbox_event
          WHERE published_at IS NULL`,
      );
    const row = rows[0];
    return {
      pending: Number(row?.pending ?? 0),
      oldestAgeSeconds: Math.max(Number(row?.oldest_age_seconds ?? 0), 0),
    };
  }

  /**
   * Deletes up to `limit` rows published more than `retentionHours` ago;
   * resolves with the number deleted.
   */
  async deletePublishedBefore(retentionHours: number, limit: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM outbox_event WHERE id IN (
           SELECT id FROM outbox_event
            WHERE published_at IS NOT NULL
              AND published_at < now() - make_interval(hours => $1)
            LIMIT $2)`,
      [retentionHours, limit],
    );
    return result[1];
  }
}
