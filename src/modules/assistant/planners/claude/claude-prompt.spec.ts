import { Role } from '@/access/role';
import type { PlannerTurn } from '../../assistant-types';
import { callerContext, localClock } from './claude-prompt';

describe('localClock', () => {
  const now = new Date('2026-03-29T00:30:05.250Z');

  it.each([
    ['UTC', '2026-03-29T00:30:05.250Z', 'Sunday, March 29, 2026 at 12:30 AM'],
    ['America/Chicago', '2026-03-28T19:30:05.250-05:00', 'Saturday, March 28, 2026 at 7:30 PM'],
    ['Asia/Kolkata', '2026-03-29T06:00:05.250+05:30', 'Sunday, March 29, 2026 at 6:00 AM'],
    // Europe's clocks go forward at 01:00 UTC that day: still winter time here.
    ['Europe/Berlin', '2026-03-29T01:30:05.250+01:00', 'Sunday, March 29, 2026 at 1:30 AM'],
  ])('names the instant in %s with its offset', (zone, iso, local) => {
    const clock = localClock(now, zone);
    expect(clock.iso).toBe(iso);
    expect(new Date(clock.iso).getTime()).toBe(now.getTime());
    expect(clock.local).toBe(local);
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      expect(localClock(now, 'America/Chicago').iso).toBe('2026-03-28T19:30:05.250-05:00');
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('callerContext', () => {
  const turn = (overrides: Partial<PlannerTurn> = {}): PlannerTurn => ({
    text: 'x',
    now: new Date('2026-12-07T15:30:00.000Z'),
    timeZone: 'Europe/Paris',
    viewer: {
      kind: 'api-key',
      organizationId: 'org',
      role: Role.AGENT,
      userId: null,
      sessionId: null,
      apiKeyId: 'key',
      expiresAt: null,
    },
    callerName: null,
    tools: [],
    memory: {},
    call: () => Promise.reject(new Error('not used')),
    signal: new AbortController().signal,
    ...overrides,
  });

  it('describes an API key caller, the local time and the remembered items', () => {
    const text = callerContext(
      turn({ memory: { lastTaskId: 'task-1', lastVehicleId: 'truck-9' } }),
      null,
    );
    expect(text).toContain('an API key of the organization (role AGENT)');
    expect(text).toContain('Monday, December 7, 2026 at 4:30 PM');
    expect(text).toContain('2026-12-07T16:30:00.000+01:00');
    expect(text).toContain('the task with id task-1, the vehicle with id truck-9');
  });

  it('says nothing about earlier items in a new conversation', () => {
    expect(callerContext(turn(), null)).not.toContain('Earlier in this conversation');
  });
});
