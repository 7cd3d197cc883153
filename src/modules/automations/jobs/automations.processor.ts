import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InstrumentedWorkerHost } from '@/messaging/instrumented-worker.host';
import { JobPayloads } from '@/messaging/job-payloads';
import { QueueName } from '@/messaging/queue-names';
import { RETRY_BUDGET_WORKER_OPTIONS } from '@/messaging/retry-policy';
import { AutomationDispatchService } from '../automation-dispatch.service';
import { AutomationEngine } from '../automation-engine.service';
import { ScheduleScanner } from '../triggers/schedule-scanner.service';

type Payloads = JobPayloads[typeof QueueName.Automations];

/**
 * The `automations` queue: `dispatch-event` (a committed event's runs; the
 * job id, the outbox row id, is the event's key), `execute-run` (a run's
 * pending steps) and `scan-schedules` (TASK_OVERDUE and
 * CALENDAR_EVENT_STARTING). Every job is idempotent: a repeated dispatch
 * makes no second run, a repeated execution never repeats a succeeded step.
 */
@Processor(QueueName.Automations, RETRY_BUDGET_WORKER_OPTIONS)
export class AutomationsProcessor extends InstrumentedWorkerHost {
  constructor(
    private readonly dispatch: AutomationDispatchService,
    private readonly engine: AutomationEngine,
    private readonly scanner: ScheduleScanner,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'dispatch-event':
        return this.dispatch.dispatch(
          job.id!,
          job.data as Payloads['dispatch-event'],
          new Date(job.timestamp),
        );
      case 'execute-run': {
        const { organizationId, runId } = job.data as Payloads['execute-run'];
        return { outcome: await this.engine.execute(organizationId, runId) };
      }
      case 'scan-schedules':
        return this.scanner.scan();
      default:
        throw new Error(`unknown automations job "${job.name}"`);
    }
  }
}
