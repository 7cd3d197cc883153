import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { discoverMaintenanceJobs } from './maintenance-job';
import { QueueName } from './queue-names';

/** Installs the schedule of every @MaintenanceJob (upserted, so N workers make one schedule each). */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { options } of discoverMaintenanceJobs(this.discovery)) {
      await this.queue.upsertJobScheduler(
        options.name,
        { every: options.everyMs },
        { name: options.name, data: {} },
      );
    }
  }
}
