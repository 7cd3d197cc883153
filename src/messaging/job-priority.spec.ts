import {
  BACKGROUND_PRIORITY,
  DISPATCH_PRIORITY,
  jobPriority,
  queuedJobOptions,
} from './job-priority';
import { QueueName } from './queue-names';

describe('jobPriority', () => {
  const score = { organizationId: 'o', callId: 'c', scorecardId: 's', scorecardVersion: 1 };

  it('queues an imported call’s score behind live calls', () => {
    expect(
      jobPriority(QueueName.CallScoring, 'score-call', { ...score, background: true }),
    ).toEqual({ priority: BACKGROUND_PRIORITY });
    expect(jobPriority(QueueName.CallScoring, 'score-call', score)).toEqual({});
    expect(jobPriority(QueueName.CallScoring, 'score-call', { ...score, urgent: true })).toEqual(
      {},
    );
  });

  it('takes started automation runs before new dispatches', () => {
    expect(jobPriority(QueueName.Automations, 'dispatch-event', {})).toEqual({
      priority: DISPATCH_PRIORITY,
    });
    expect(jobPriority(QueueName.Automations, 'execute-run', {})).toEqual({});
  });

  it('leaves every other job unprioritized', () => {
    expect(jobPriority(QueueName.Maintenance, 'prune-outbox', {})).toEqual({});
    expect(jobPriority(QueueName.CallTranscripts, 'transcribe-call', { background: true })).toEqual(
      {},
    );
    expect(jobPriority(QueueName.CallScoring, 'score-call', null)).toEqual({});
  });

  it('gives a queued job its retry budget and its priority together', () => {
    const budgets = { attempts: 15, baseDelayMs: 1000, attemptsByQueue: {} };
    expect(queuedJobOptions(QueueName.Automations, 'dispatch-event', {}, budgets)).toEqual({
      attempts: 15,
      backoff: { type: 'retry-budget', delay: 1000 },
      priority: DISPATCH_PRIORITY,
    });
    expect(queuedJobOptions(QueueName.Automations, 'execute-run', {}, budgets)).not.toHaveProperty(
      'priority',
    );
  });
});
