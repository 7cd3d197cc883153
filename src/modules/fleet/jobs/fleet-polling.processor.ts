import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Job } from 'bullmq';
import { samsaraConfig } from '@/config/configuration';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayloads } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { FleetAlertsService } from '../fleet-alerts.service';
import { SamsaraPollingService } from '../samsara-polling.service';

type Payloads = JobPayloads[typeof QueueName.FleetPolling];

/**
 * The `fleet-polling` queue: Samsara feed runs (one repeatable job per
 * connected organization), the STALE_POSITION check and position retention.
 * Several at once (WORKER_CONCURRENCY_FLEET_POLLING, else WORKER_CONCURRENCY),
 * so that one slow feed does not hold up the others.
 */
@Processor(QueueName.FleetPolling, RETRY_BUDGET_WORKER_OPTIONS)
export class FleetPollingProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly samsara: SamsaraPollingService,
    private readonly alerts: FleetAlertsService,
    @Inject(samsaraConfig.KEY) private readonly config: ConfigType<typeof samsaraConfig>,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'poll-samsara':
        return this.samsara.poll((job.data as Payloads['poll-samsara']).organizationId);
      case 'check-stale':
        return { raised: await this.alerts.checkStale() };
      case 'prune-positions':
        return { deleted: await this.alerts.prunePositions(this.config.positionRetentionDays) };
      default:
        throw new Error(`unknown fleet-polling job "${job.name}"`);
    }
  }
}
