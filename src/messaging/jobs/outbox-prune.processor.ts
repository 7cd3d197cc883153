import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { queueConfig } from '@/config/configuration';
import { OutboxRepository } from '@/messaging/outbox/outbox.repository';
import { MaintenanceJob, MaintenanceJobProcessor } from '../maintenance-job';

const BATCH = 5000;
const HOUR = 3600_000;

/** `maintenance`/`prune-outbox`: deletes published outbox rows older than OUTBOX_RETENTION_HOURS, in batches. */
@Injectable()
@MaintenanceJob({ name: 'prune-outbox', everyMs: HOUR })
export class OutboxPruneProcessor implements MaintenanceJobProcessor {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {}

  async process(): Promise<{ deleted: number }> {
    let deleted = 0;
    for (;;) {
      const count = await this.outbox.deletePublishedBefore(
        this.config.outboxRetentionHours,
        BATCH,
      );
      deleted += count;
      if (count < BATCH) return { deleted };
    }
  }
}
