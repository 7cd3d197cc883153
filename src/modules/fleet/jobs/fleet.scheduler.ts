import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { samsaraConfig } from '@/config/configuration';
import { QueueName } from '@/messaging/queue-names';
import { SamsaraPollingService } from '../samsara-polling.service';

/**
 * Fleet schedules (upserted, so N workers make one of each): the stale check,
 * position retention, and the Samsara poll of every connected organization
 * (re-installed here in case Redis lost them).
 */
@Injectable()
export class FleetScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(FleetScheduler.name);

  constructor(
    @InjectQueue(QueueName.FleetPolling) private readonly queue: Queue,
    private readonly samsara: SamsaraPollingService,
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'fleet-check-stale',
      { every: this.config.staleCheckIntervalMs },
      { name: 'check-stale', data: {} },
    );
    await this.queue.upsertJobScheduler(
      'fleet-prune-positions',
      { every: this.config.retentionIntervalMs },
      { name: 'prune-positions', data: {} },
    );
    const scheduled = await this.samsara.scheduleAll();
    if (scheduled > 0)
      this.logger.log(`Samsara polling scheduled for ${scheduled} organization(s)`);
  }
}
