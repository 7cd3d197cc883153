import { queueConfig } from '@/config/configuration';
import {
  deferDelay,
  organizationOf,
  orgJobLimit,
  OrganizationJobLimiter,
} from './organization-job-limiter';
import { ALL_QUEUE_NAMES } from './queue-names';

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

describe('orgJobLimit', () => {
  it('keeps a quarter of each queue (at least one slot) for the other organizations by default', () => {
    const config = configWith({
      WORKER_CONCURRENCY: '5',
      CALL_SCORING_CONCURRENCY: '8',
      WORKER_CONCURRENCY_CALENDAR_SYNC: '3',
      WORKER_CONCURRENCY_NOTIFICATIONS: '2',
    });
    expect(Object.fromEntries(ALL_QUEUE_NAMES.map((q) => [q, orgJobLimit(config, q)]))).toEqual({
      'call-scoring': 6,
      'call-transcripts': 3,
      automations: 3,
      'calendar-sync': 2,
      'fleet-polling': 3,
      notifications: 1,
      'phone-messages': 3,
      maintenance: 1,
    });
  });

  it('follows ORG_JOB_CONCURRENCY, never above the queue concurrency', () => {
    const config = configWith({
      ORG_JOB_CONCURRENCY: '4',
      CALL_SCORING_CONCURRENCY: '8',
      WORKER_CONCURRENCY_CALENDAR_SYNC: '3',
    });
    expect(orgJobLimit(config, 'call-scoring')).toBe(4);
    expect(orgJobLimit(config, 'calendar-sync')).toBe(3);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => configWith({ ORG_JOB_CONCURRENCY: '0' })).toThrow(/ORG_JOB_CONCURRENCY/);
    expect(() => configWith({ ORG_JOB_DEFER_MS: '10' })).toThrow(/ORG_JOB_DEFER_MS/);
  });
});

describe('OrganizationJobLimiter', () => {
  it('lets each organization run up to the limit, independently of the others', () => {
    const limiter = new OrganizationJobLimiter(() => 2);
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('a')).toBe(false);
    expect(limiter.active('a')).toBe(2);
    expect(limiter.tryAcquire('b')).toBe(true);
    expect(limiter.tryAcquire('b')).toBe(true);
    expect(limiter.tryAcquire('b')).toBe(false);
    limiter.release('a');
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('a')).toBe(false);
  });

  it('forgets an organization once its last job is released', () => {
    const limiter = new OrganizationJobLimiter(() => 3);
    limiter.tryAcquire('a');
    limiter.tryAcquire('a');
    limiter.release('a');
    expect(limiter.organizations).toBe(1);
    limiter.release('a');
    expect(limiter.organizations).toBe(0);
    expect(limiter.active('a')).toBe(0);
    // A release without an acquire (never expected) does not go negative.
    limiter.release('a');
    expect(limiter.active('a')).toBe(0);
    expect(limiter.tryAcquire('a')).toBe(true);
  });

  it('reads the limit on every acquire (the worker concurrency is set after start)', () => {
    let limit = 1;
    const limiter = new OrganizationJobLimiter(() => limit);
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('a')).toBe(false);
    limit = 2;
    expect(limiter.tryAcquire('a')).toBe(true);
  });
});

describe('organizationOf', () => {
  it("reads a job payload's organizationId, and nothing else", () => {
    expect(organizationOf({ data: { organizationId: 'org-1', callId: 'c' } })).toBe('org-1');
    expect(organizationOf({ data: {} })).toBeUndefined();
    expect(organizationOf({ data: { organizationId: '' } })).toBeUndefined();
    expect(organizationOf({ data: { organizationId: 42 } })).toBeUndefined();
    expect(organizationOf({ data: null })).toBeUndefined();
  });
});

describe('deferDelay', () => {
  it('spreads deferred jobs over half to one and a half times the base delay', () => {
    expect(deferDelay(1000, () => 0)).toBe(500);
    expect(deferDelay(1000, () => 0.5)).toBe(1000);
    expect(deferDelay(1000, () => 0.999)).toBe(1499);
  });
});
