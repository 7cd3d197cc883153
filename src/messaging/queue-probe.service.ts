import { Injectable } from '@nestjs/common';
import { QueueName } from './queue-names';
import { QueueRegistry } from './queue-registry.service';

/** BullMQ states in which a job will still be (or is being) processed. */
const LIVE_STATES: ReadonlySet<string> = new Set([
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
]);

/**
 * A queue message that will never run again: `missing` (Redis lost it, or
 * it was removed), `failed` for good (its retry budget used up, or stalled
 * more often than BullMQ allows), or `completed` while the work it carried
 * is still waiting (the worker could not record its outcome).
 */
export interface EndedMessage {
  state: 'missing' | 'failed' | 'completed';
  /** BullMQ's reason for a failed job. */
  failedReason?: string;
}

/**
 * Tells reconcilers which of their messages (BullMQ job ids: the outbox
 * event ids) a queue no longer holds. Rejects when the queue cannot be
 * read (Redis down): a reconciler then does nothing and runs again later.
 */
@Injectable()
export class QueueProbe {
  constructor(private readonly queues: QueueRegistry) {}

  async ended(queueName: QueueName, jobIds: readonly string[]): Promise<Map<string, EndedMessage>> {
    const queue = this.queues.get(queueName);
    const ended = new Map<string, EndedMessage>();
    const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
    await Promise.all(
      jobIds.map(async (id, index) => {
        const state = states[index];
        if (LIVE_STATES.has(state)) return;
        if (state === 'failed') {
          const job = await queue.getJob(id);
          ended.set(id, { state: 'failed', failedReason: job?.failedReason });
        } else {
          ended.set(id, { state: state === 'completed' ? 'completed' : 'missing' });
        }
      }),
    );
    return ended;
  }
}
