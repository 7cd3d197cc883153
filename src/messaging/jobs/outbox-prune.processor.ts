import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queueConfig } from '@/config/configuration';
import { OutboxRepository } from '@/messaging/outbox/outbox.repository';
import { MaintenanceJob, MaintenanceJobProcessor } from '../maintenance-job';

const BATCH = 5000;
const HOUR = 3600_000;

/** `maintenance`/`prune-outbox`: deletes published outbox rows older than OUTBOX_RETENTION_HOURS, in batches. */
@Injectable()
@MaintenanceJob({ name: 'prune-outbox', everyMs: HOUR })
export class OutboxPruneProcessor implements MaintenanceJobProcessor {
  private readonly outbox: OutboxRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {
    // Its DELETE is a plain query (a maintenance job, not a hot path).
    this.outbox = new OutboxRepository(dataSource, false);
  }

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
