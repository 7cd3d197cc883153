import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Twilio retries a callback for hours at most; a week covers any retry with room to spare. */
export const WEBHOOK_RECEIPT_RETENTION_DAYS = 7;
const BATCH = 5000;

/**
 * Deletes Twilio webhook receipts (the deduplication keys) older than
 * WEBHOOK_RECEIPT_RETENTION_DAYS, in batches, so the table does not grow
 * with every callback forever. Run on the `maintenance` queue by
 * WebhookReceiptsPruneProcessor.
 */
@Injectable()
export class WebhookReceiptsPruner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const result: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM twilio_webhook_receipt WHERE key IN (
           SELECT key FROM twilio_webhook_receipt
            WHERE received_at < now() - make_interval(days => $1)
            LIMIT $2)`,
        [WEBHOOK_RECEIPT_RETENTION_DAYS, BATCH],
      );
      deleted += result[1];
      if (result[1] < BATCH) return deleted;
    }
  }
}
