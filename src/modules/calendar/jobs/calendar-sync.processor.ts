import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayload } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { CalendarPushService } from './calendar-push.service';
import { CalendarSyncService } from './calendar-sync.service';
import { SyncResult } from './sync-connection-state.service';

type Payload<N extends 'sync-connection' | 'push-event'> = JobPayload<
  typeof QueueName.CalendarSync,
  N
>;

/** The `calendar-sync` queue: syncs (sync-connection) and pushes (push-event). */
@Processor(QueueName.CalendarSync, RETRY_BUDGET_WORKER_OPTIONS)
export class CalendarSyncProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly sync: CalendarSyncService,
    private readonly push: CalendarPushService,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<SyncResult> {
    switch (job.name) {
      case 'sync-connection':
        return this.sync.sync((job.data as Payload<'sync-connection'>).connectionId);
      case 'push-event': {
        const data = job.data as Payload<'push-event'>;
        return this.push.push(data.eventId, data.connectionId);
      }
      default:
        throw new Error(`unknown calendar-sync job "${job.name}"`);
    }
  }
}
