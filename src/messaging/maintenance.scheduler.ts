import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from './queue-names';

const HOUR = 3600_000;

/** The one place housekeeping schedules are declared (upserted, so N workers make one schedule). */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'prune-outbox',
      { every: HOUR },
      { name: 'prune-outbox', data: {} },
    );
  }
}
