import { DataSource, EntityManager } from 'typeorm';
import { NamedStatement, runStatement } from '@/database/named-statement';

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
}

/** Claims a batch and marks it published (committed only after publishing: see OutboxRelay.relayBatch). */
const CLAIM: NamedStatement = {
  name: 'outbox.claim',
  text: `UPDATE outbox_event SET published_at = now()
          WHERE id IN (
                SELECT id FROM outbox_event
                 WHERE published_at IS NULL AND available_at <= now()
                 ORDER BY created_at, id
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED)
          RETURNING id, organization_id, topic, queue, job_name, payload, created_at, attempts`,
};

/**
 * The SQL of the `outbox_event` table: the relay's claim and postponement,
 * and the pruning of published rows. Built by its users (OutboxRelay,
 * OutboxPruneProcessor) over their DataSource.
 */
export class OutboxRepository {
  /**
   * @param prepared named prepared statements for the claim (not on
   * embedded PostgreSQL: see runStatement).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly prepared: boolean,
  ) {}

  /**
   * Claims up to `limit` due, unpublished rows (FOR UPDATE SKIP LOCKED:
   * concurrent relays take other rows) and marks them published, in the
   * transaction of `manager`.
   */
  claimBatch(manager: EntityManager, limit: number): Promise<PendingRow[]> {
    return runStatement<PendingRow>(manager, this.prepared, CLAIM, [limit]);
  }

  /** Unmarks a claimed row and makes it due again in `delaySeconds`, recording the failure. */
  async postpone(
    manager: EntityManager,
    id: string,
    attempts: number,
    lastError: string,
    delaySeconds: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE outbox_event
          SET published_at = NULL, attempts = $2, last_error = $3,
              available_at = now() + make_interval(secs => $4)
        WHERE id = $1`,
      [id, attempts, lastError, delaySeconds],
    );
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
