import { JobsOptions } from 'bullmq';
import { QueueName } from './queue-names';
import { jobRetryOptions, RetryBudgets } from './retry-policy';

/**
 * BullMQ priority of a job the outbox relay adds. A worker takes every job
 * without a priority before any job with one, and prioritized jobs lowest
 * number first (BullMQ's prioritized set), so a priority here means "after
 * the work people are waiting for":
 *
 * - `call-scoring` / `score-call` of a call that did not come from the
 *   organization's phone line (`importCall`'s history, marked `background`
 *   in the payload): a live call's score, which a supervisor watches arrive
 *   minutes after hang-up, is never queued behind a bulk import;
 * - `automations` / `dispatch-event`: a run already started (`execute-run`)
 *   goes before the dispatch of events that came after it, so an event's
 *   first action waits for one dispatch, not for every dispatch queued
 *   ahead of its run.
 *
 * Jobs of one priority keep their order (FIFO). A job deferred by the
 * per-organization limit keeps its priority when it comes back.
 */
export const BACKGROUND_PRIORITY = 10;
export const DISPATCH_PRIORITY = 5;

export function jobPriority(
  queue: string,
  name: string,
  payload: unknown,
): Pick<JobsOptions, 'priority'> {
  if (queue === QueueName.CallScoring && name === 'score-call') {
    const background = (payload as { background?: unknown } | null)?.background === true;
    return background ? { priority: BACKGROUND_PRIORITY } : {};
  }
  if (queue === QueueName.Automations && name === 'dispatch-event') {
    return { priority: DISPATCH_PRIORITY };
  }
  return {};
}

/**
 * The options of a queued job carrying an outbox row's work: its queue's
 * retry budget and its priority. The relay adds every job with them, and a
 * reconciler that re-adds a lost job directly uses them too, so the job
 * comes back as it first went out.
 */
export function queuedJobOptions(
  queue: string,
  name: string,
  payload: unknown,
  budgets: RetryBudgets,
): Pick<JobsOptions, 'attempts' | 'backoff' | 'priority'> {
  return { ...jobRetryOptions(queue, budgets), ...jobPriority(queue, name, payload) };
}
