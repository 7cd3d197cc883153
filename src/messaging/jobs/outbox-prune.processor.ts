import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queueConfig } from '@/config/configuration';
import { MaintenanceJob, MaintenanceJobProcessor } from '../maintenance-job';

const BATCH = 5000;
const HOUR = 3600_000;

/** `maintenance`/`prune-outbox`: deletes published outbox rows older than OUTBOX_RETENTION_HOURS, in batches. */
@Injectable()
@MaintenanceJob({ name: 'prune-outbox', everyMs: HOUR })
export class OutboxPruneProcessor implements MaintenanceJobProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {}

  async process(): Promise<{ deleted: number }> {
    let deleted = 0;
    for (;;) {
      const result: [unknown[], number] = await this.dataSource.query(
        `DELETE FROM outbox_event WHERE id IN (
           SELECT id FROM outbox_event
            WHERE published_at IS NOT NULL
              AND published_at < now() - make_interval(hours => $1)
            LIMIT $2)`,
        [this.config.outboxRetentionHours, BATCH],
      );
      const count = result[1];
      deleted += count;
      if (count < BATCH) return { deleted };
    }
  }
}
