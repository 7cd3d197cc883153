import { queueConfig } from '@/config/configuration';
import { ALL_QUEUE_NAMES } from './queue-names';
import { workerConcurrency } from './worker-concurrency';

/** queueConfig as the application reads it, with these variables set. */
function configWith(env: Record<string, string>): ReturnType<typeof queueConfig> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return queueConfig();
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

describe('workerConcurrency', () => {
  it('has a concurrency for every queue and no other', () => {
    expect(Object.keys(configWith({}).concurrency).sort()).toEqual([...ALL_QUEUE_NAMES].sort());
  });

  it('follows WORKER_CONCURRENCY where a queue has no setting of its own', () => {
    const config = configWith({
      WORKER_CONCURRENCY: '9',
      WORKER_CONCURRENCY_NOTIFICATIONS: '3',
      WORKER_CONCURRENCY_CALENDAR_SYNC: '2',
      CALL_SCORING_CONCURRENCY: '16',
    });
    expect(
      Object.fromEntries(ALL_QUEUE_NAMES.map((q) => [q, workerConcurrency(config, q)])),
    ).toEqual({
      'call-scoring': 16,
      'call-transcripts': 9,
      automations: 9,
      'calendar-sync': 2,
      'fleet-polling': 9,
      notifications: 3,
      'phone-messages': 9,
      maintenance: 1,
    });
  });

  it('keeps each queue’s own default when nothing is set', () => {
    const config = configWith({});
    expect(workerConcurrency(config, 'call-scoring')).toBe(8);
    expect(workerConcurrency(config, 'calendar-sync')).toBe(3);
    expect(workerConcurrency(config, 'fleet-polling')).toBe(config.workerConcurrency);
  });
});
