import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { queueConfig } from '@/config/configuration';
import { InstrumentedWorkerHost } from '../instrumented-worker.host';
import { QueueName } from '../queue-names';

const BATCH = 5000;

/** Deletes published outbox rows older than OUTBOX_RETENTION_HOURS, in batches. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends InstrumentedWorkerHost {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(queueConfig.KEY) private readonly config: ConfigType<typeof queueConfig>,
  ) {
    super();
  }

  async process(job: Job): Promise<{ deleted: number }> {
    switch (job.name) {
      case 'prune-outbox':
        return { deleted: await this.pruneOutbox() };
      default:
        throw new Error(`unknown maintenance job "${job.name}"`);
    }
  }

  private async pruneOutbox(): Promise<number> {
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
      if (count < BATCH) return deleted;
    }
  }
}
