import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobProcessor } from '@/messaging/maintenance-job';
import { WebhookReceiptsPruner } from '../webhooks/webhook-receipts.pruner';

const SIX_HOURS = 6 * 3600_000;

/** `maintenance`/`prune-webhook-receipts`: drops Twilio webhook receipts past their retention. */
@Injectable()
@MaintenanceJob({ name: 'prune-webhook-receipts', everyMs: SIX_HOURS })
export class WebhookReceiptsPruneProcessor implements MaintenanceJobProcessor {
  constructor(private readonly receipts: WebhookReceiptsPruner) {}

  async process(): Promise<{ deleted: number }> {
    return { deleted: await this.receipts.prune() };
  }
}
