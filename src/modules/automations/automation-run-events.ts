import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { JobStatus } from '@/modules/calls/calls.enums';

export const automationRunUpdatedTopic = (organizationId: string): string =>
  `automation.run.${organizationId}`;

/** What `automationRunUpdated` carries (ids only; the run is read when resolved). */
export interface AutomationRunUpdatedEvent {
  runId: string;
  automationId: string;
  status: JobStatus;
}

/** A run's change for `automationRunUpdated`, in the transaction that made it. */
export function publishRunUpdated(
  outbox: OutboxService,
  transaction: Transaction,
  organizationId: string,
  event: AutomationRunUpdatedEvent,
): Promise<string> {
  return outbox.publish(transaction, organizationId, automationRunUpdatedTopic(organizationId), {
    ...event,
  });
}

/** The run's `execute-run` job, leaving through the outbox no earlier than `notBefore`. */
export function enqueueRun(
  outbox: OutboxService,
  transaction: Transaction,
  organizationId: string,
  runId: string,
  notBefore?: Date,
): Promise<string> {
  return outbox.add(transaction, {
    organizationId,
    job: { queue: QueueName.Automations, name: 'execute-run', payload: { organizationId, runId } },
    ...(notBefore ? { notBefore } : {}),
  });
}
