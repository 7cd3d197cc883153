import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The SQL of Twilio webhook receipts (the deduplication keys of callbacks). */
@Injectable()
export class WebhookReceiptRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the organization's receipt `key` in the caller's transaction;
   * false when it was already there (the callback is a duplicate).
   */
  async insertOnce(organizationId: string, key: string, manager: EntityManager): Promise<boolean> {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO twilio_webhook_receipt (key, organization_id) VALUES ($1, $2)
             ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, organizationId],
    );
    return inserted.length > 0;
  }

  /**
   * Deletes up to `batch` receipts (of any organization) older than
   * `retentionDays`; returns how many it deleted.
   */
  async deleteOlderThan(
    retentionDays: number,
    batch: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM twilio_webhook_receipt WHERE key IN (
           SELECT key FROM twilio_webhook_receipt
            WHERE received_at < now() - make_interval(days => $1)
            LIMIT $2)`,
      [retentionDays, batch],
    );
    return result[1];
  }
}
