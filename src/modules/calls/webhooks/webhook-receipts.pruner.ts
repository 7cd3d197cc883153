import { Injectable } from '@nestjs/common';
import { WebhookReceiptRepository } from './webhook-receipt.repository';

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
  constructor(private readonly receipts: WebhookReceiptRepository) {}

  async prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await this.receipts.deleteOlderThan(WEBHOOK_RECEIPT_RETENTION_DAYS, BATCH);
      deleted += count;
      if (count < BATCH) return deleted;
    }
  }
}
