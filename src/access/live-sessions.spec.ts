import { PubSub } from 'graphql-subscriptions';
import type { Transaction } from '@/database/transaction.service';
import { Role } from './role';
import type { OutboxService } from '@/messaging/outbox/outbox.service';
import { LiveSessions } from './live-sessions';

const config = (sessionCheckCacheMs: number) =>
  ({ sessionCheckCacheMs }) as unknown as ConstructorParameters<typeof LiveSessions>[0];

const create = (ms: number, pubSub = new PubSub(), outbox = {} as OutboxService) =>
  new LiveSessions(config(ms), pubSub, outbox);

const later = (ms: number) => new Date(Date.now() + ms);
const check = { userId: 'u1', organizationId: 'o1', role: Role.AGENT, expiresAt: later(60_000) };

describe('LiveSessions', () => {
  afterEach(() => jest.useRealTimers());

  it('answers for the session it checked, only for its user and organization', () => {
    const sessions = create(5000);
    sessions.remember(sessions.startCheck(), 's1', check);
    expect(sessions.role('s1', 'u1', 'o1')).toBe(Role.AGENT);
    expect(sessions.role('s1', 'u2', 'o1')).toBeUndefined();
    // A mismatch drops the entry: the database decides again.
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
    expect(sessions.role('s2', 'u1', 'o1')).toBeUndefined();
  });

  it('answers no longer than its time limit, nor past the session’s expiry', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const sessions = create(5000);
    sessions.remember(sessions.startCheck(), 's1', check);
    sessions.remember(sessions.startCheck(), 's2', { ...check, expiresAt: later(1000) });
    jest.advanceTimersByTime(1000);
    expect(sessions.role('s1', 'u1', 'o1')).toBe(Role.AGENT);
    expect(sessions.role('s2', 'u1', 'o1')).toBeUndefined();
    jest.advanceTimersByTime(4000);
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
  });

  it('remembers nothing with a limit of 0', () => {
    const sessions = create(0);
    sessions.remember(sessions.startCheck(), 's1', check);
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
  });

  it('forgets what a change names, and nothing else', () => {
    const sessions = create(5000);
    sessions.remember(sessions.startCheck(), 's1', check);
    sessions.remember(sessions.startCheck(), 's2', { ...check, userId: 'u2' });
    sessions.remember(sessions.startCheck(), 's3', { ...check, organizationId: 'o2' });
    sessions.forget({ userId: 'u1', organizationId: 'o1' });
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
    expect(sessions.role('s2', 'u2', 'o1')).toBe(Role.AGENT);
    expect(sessions.role('s3', 'u1', 'o2')).toBe(Role.AGENT);
    sessions.forget({ sessionIds: ['s3'] });
    expect(sessions.role('s3', 'u1', 'o2')).toBeUndefined();
    sessions.forget({ apiKeyId: 'k1' });
    expect(sessions.role('s2', 'u2', 'o1')).toBe(Role.AGENT);
  });

  it('does not remember a check that was running when a change came in', () => {
    const sessions = create(5000);
    const started = sessions.startCheck();
    sessions.forget({ sessionIds: ['elsewhere'] });
    sessions.remember(started, 's1', check);
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
  });

  it('forgets what another instance publishes, once it has remembered something', async () => {
    const pubSub = new PubSub();
    const sessions = create(5000, pubSub);
    sessions.remember(sessions.startCheck(), 's1', check);
    await new Promise((resolve) => setImmediate(resolve));
    await pubSub.publish('identity.access-changed', { payload: { userId: 'u1' } });
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
    await sessions.onModuleDestroy();
  });

  it('announces a change through the outbox and forgets it here only once it commits', async () => {
    const publish = jest.fn().mockResolvedValue('event-id');
    const sessions = create(5000, new PubSub(), { publish } as unknown as OutboxService);
    sessions.remember(sessions.startCheck(), 's1', check);
    const committed: Array<() => void> = [];
    const transaction = { afterCommit: (callback: () => void) => committed.push(callback) };
    await sessions.announceRoleChange(transaction as unknown as Transaction, 'o1', {
      userId: 'u1',
      organizationId: 'o1',
    });
    expect(publish).toHaveBeenCalledWith(transaction, 'o1', 'identity.access-changed', {
      userId: 'u1',
      organizationId: 'o1',
    });
    expect(sessions.role('s1', 'u1', 'o1')).toBe(Role.AGENT);
    for (const callback of committed) callback();
    expect(sessions.role('s1', 'u1', 'o1')).toBeUndefined();
  });
});
