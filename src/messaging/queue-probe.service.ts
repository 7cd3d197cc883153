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

/** What a reconciler's pass over its waiting rows did. */
export interface ReconcileResult {
  checked: number;
  requeued: number;
  failed: number;
}

/** Rows per page and pages per pass of `settleEnded` (the rest wait for the next pass). */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;

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

  /**
   * A reconciler's pass: pages through the rows waiting on `queueName`
   * (`page(after)`, keyset-ordered, at most `pageSize` rows), and hands each
   * row whose message has ended (or that has none) to `settle`, which
   * re-sends it or gives up on it, or answers undefined when someone else
   * moved the row first.
   */
  async settleEnded<Row extends { messageId: string | null }>(
    queueName: QueueName,
    page: (pageSize: number, after: Row | undefined) => Promise<Row[]>,
    settle: (row: Row, end: EndedMessage) => Promise<'requeued' | 'failed' | undefined>,
  ): Promise<ReconcileResult> {
    const result: ReconcileResult = { checked: 0, requeued: 0, failed: 0 };
    let after: Row | undefined;
    for (let index = 0; index < MAX_PAGES; index += 1) {
      const rows = await page(PAGE_SIZE, after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1];
      result.checked += rows.length;
      const ended = await this.ended(
        queueName,
        rows.flatMap((row) => (row.messageId ? [row.messageId] : [])),
      );
      for (const row of rows) {
        const end = row.messageId ? ended.get(row.messageId) : { state: 'missing' as const };
        if (!end) continue;
        const outcome = await settle(row, end);
        if (outcome) result[outcome] += 1;
      }
      if (rows.length < PAGE_SIZE) break;
    }
    return result;
  }
}
