import type { AuditService } from '@/modules/audit/audit.service';
import { ConfigType } from '@nestjs/config';
import type { DataSource } from 'typeorm';
import type { LiveSessions } from '@/access/live-sessions';
import type { Viewer } from '@/access/viewer';
import {
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '@/common/errors/domain-errors';
import type { authConfig } from '@/config/configuration';
import type { Transaction, TransactionService } from '@/database/transaction.service';
import type { InvitationsService } from '@/modules/organizations/invitations.service';
import type { OrganizationsService } from '@/modules/organizations/organizations.service';
import { Role } from '@/access/role';
import type { EmailVerificationService } from '@/modules/users/email-verification.service';
import { hashSecret } from '@/modules/users/password';
import type { User } from '@/modules/users/user.entity';
import type { UsersService } from '@/modules/users/users.service';
import { AuthService } from './auth.service';
import type { LoginThrottle } from './login-throttle.service';
import type { RefreshToken, Session } from './session.entity';
import { sha256, TokensService } from './tokens.service';

/*
 * AuthService with its collaborators faked: sessions and refresh tokens live
 * in memory (the fake EntityManager below), passwords are real argon2.
 */

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ORG_A = id(0xa);
const ORG_B = id(0xb);
const PASSWORD = 'correct horse battery';
const GRACE_SECONDS = 10;
const client = { ip: '203.0.113.9', userAgent: 'jest' };

const config = {
  refreshTokenTtlDays: 30,
  refreshReuseGraceSeconds: GRACE_SECONDS,
} as ConfigType<typeof authConfig>;

type StoredToken = Pick<RefreshToken, 'sessionId' | 'tokenHash' | 'rotatedAt'>;

class Store {
  readonly sessions = new Map<string, Session>();
  readonly tokens: StoredToken[] = [];
  readonly revocations: Array<{ ids: string[]; reason: string }> = [];
  private next = 100;

  readonly manager = {
    create: (_entity: unknown, data: object) => ({ ...data }),
    save: jest.fn(async <T extends object>(entity: T): Promise<T> => {
      if ('tokenHash' in entity) return entity;
      const session = entity as unknown as Session;
      session.id ??= id(this.next++);
      this.sessions.set(session.id, session);
      return entity;
    }),
    insert: jest.fn(async (_entity: unknown, row: StoredToken) => {
      this.tokens.push({ ...row });
    }),
    getRepository: () => ({
      createQueryBuilder: () => {
        let hash = '';
        const qb = {
          setLock: () => qb,
          where: (_condition: string, values: { hash: string }) => {
            hash = values.hash;
            return qb;
          },
          getOne: async () => this.tokens.find((token) => token.tokenHash === hash) ?? null,
        };
        return qb;
      },
    }),
    findOne: async (_entity: unknown, options: { where: { id: string } }) =>
      this.sessions.get(options.where.id) ?? null,
    findOneBy: async (
      _entity: unknown,
      where: { id: string; userId?: string; revokedAt?: unknown },
    ) =>
      [...this.sessions.values()].find(
        (session) =>
          session.id === where.id &&
          (where.userId === undefined || session.userId === where.userId) &&
          (where.revokedAt === undefined || !session.revokedAt),
      ) ?? null,
    findBy: async (_entity: unknown, where: { userId: string }) =>
      [...this.sessions.values()].filter(
        (session) => session.userId === where.userId && !session.revokedAt,
      ),
    createQueryBuilder: () => {
      let reason = '';
      let ids: string[] = [];
      const qb = {
        update: () => qb,
        set: (values: { revokedReason: string }) => {
          reason = values.revokedReason;
          return qb;
        },
        whereInIds: (given: string[]) => {
          ids = given;
          return qb;
        },
        andWhere: () => qb,
        execute: async () => {
          this.revocations.push({ ids, reason });
          for (const sessionId of ids) {
            const session = this.sessions.get(sessionId)!;
            if (!session.revokedAt) {
              session.revokedAt = new Date();
              session.revokedReason = reason;
            }
          }
        },
      };
      return qb;
    },
  };
}

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashSecret(PASSWORD);
});

function setup() {
  const store = new Store();
  const user = { id: id(1), email: 'ada@example.com', name: 'Ada', passwordHash } as User;
  const organizations = {
    [ORG_A]: { id: ORG_A, name: 'A', slug: 'a' },
    [ORG_B]: { id: ORG_B, name: 'B', slug: 'b' },
  };
  const memberships = [
    { id: id(50), organizationId: ORG_A, userId: user.id, role: Role.AGENT },
    { id: id(51), organizationId: ORG_B, userId: user.id, role: Role.ADMIN },
  ];
  const transactions = {
    run: jest.fn((work: (transaction: Transaction) => Promise<unknown>) =>
      work({ manager: store.manager, afterCommit: () => undefined } as unknown as Transaction),
    ),
  };
  const users = {
    create: jest.fn(async () => user),
    findWithPassword: jest.fn(async (email: string) => (email === user.email ? user : null)),
    findById: jest.fn(async () => user),
  };
  const orgs = {
    createOrganization: jest.fn(async () => organizations[ORG_A]),
    createMembership: jest.fn(async () => ({ id: id(50) })),
    membershipsOfUser: jest.fn(async () => memberships),
    membershipOf: jest.fn(
      async (userId: string, organizationId: string) =>
        memberships.find((m) => m.userId === userId && m.organizationId === organizationId) ?? null,
    ),
    findByIds: jest.fn(async (ids: string[]) =>
      ids.map((org) => organizations[org as keyof typeof organizations]),
    ),
  };
  const tokens = {
    signAccessToken: jest.fn(
      async (claims: { userId: string; organizationId: string; sessionId: string }) => ({
        token: `access:${claims.sessionId}:${claims.organizationId}`,
        expiresAt: new Date(Date.now() + 900_000),
      }),
    ),
  };
  const throttle = {
    admit: jest.fn().mockResolvedValue(undefined),
    admitPublicAction: jest.fn().mockResolvedValue(undefined),
    recordSuccess: jest.fn().mockResolvedValue(undefined),
  };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const liveSessions = { announceRevocation: jest.fn().mockResolvedValue('event') };
  const verification = { issue: jest.fn().mockResolvedValue(undefined) };
  const invitations = { acceptWithToken: jest.fn() };
  const sessionRepository = {
    find: jest.fn(async (_options: { where: { userId: string } }): Promise<Session[]> => []),
  };
  const dataSource = { getRepository: () => sessionRepository };
  const service = new AuthService(
    dataSource as unknown as DataSource,
    config,
    transactions as unknown as TransactionService,
    users as unknown as UsersService,
    orgs as unknown as OrganizationsService,
    tokens as unknown as TokensService,
    throttle as unknown as LoginThrottle,
    audit as unknown as AuditService,
    liveSessions as unknown as LiveSessions,
    verification as unknown as EmailVerificationService,
    invitations as unknown as InvitationsService,
  );
  const viewerOf = (sessionId: string): Viewer => ({
    kind: 'user',
    organizationId: ORG_A,
    role: Role.AGENT,
    userId: user.id,
    sessionId,
    apiKeyId: null,
    expiresAt: null,
  });
  const login = () => service.login({ email: user.email, password: PASSWORD }, client);
  const sessionOf = (accessToken: string) => store.sessions.get(accessToken.split(':')[1])!;
  return {
    store,
    service,
    user,
    memberships,
    users,
    orgs,
    tokens,
    throttle,
    audit,
    liveSessions,
    verification,
    invitations,
    sessionRepository,
    viewerOf,
    login,
    sessionOf,
  };
}

describe('AuthService.register', () => {
  it('creates the owner, audits the organization and membership, mails a link and signs in', async () => {
    const { service, store, audit, verification, throttle, orgs, user } = setup();
    const before = Date.now();
    const payload = await service.register(
      { email: 'ada@example.com', password: PASSWORD, name: 'Ada', organizationName: 'A' },
      { ip: null, userAgent: 'x'.repeat(600) },
    );
    expect(throttle.admitPublicAction).toHaveBeenCalledWith('register', 'unknown');
    expect(orgs.createMembership).toHaveBeenCalledWith(expect.anything(), ORG_A, id(1), Role.OWNER);
    expect(audit.record.mock.calls.map((call) => call[2].action)).toEqual([
      'organization.created',
      'member.added',
    ]);
    expect(audit.record.mock.calls[1][2].after).toEqual({ userId: id(1), role: Role.OWNER });
    expect(verification.issue).toHaveBeenCalledWith(expect.anything(), user);
    expect(payload).toMatchObject({ role: Role.OWNER, user, organization: { id: ORG_A } });
    // Only the refresh token's hash is stored, in the new session.
    const session = store.sessions.get(store.tokens[0].sessionId)!;
    expect(store.tokens).toEqual([
      { sessionId: session.id, tokenHash: sha256(payload.refreshToken), rotatedAt: null },
    ]);
    expect(payload.accessToken).toBe(`access:${session.id}:${ORG_A}`);
    expect(session.userAgent).toHaveLength(512);
    expect(session.expiresAt.getTime() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
  });

  it('creates nothing when the IP is over its limit', async () => {
    const { service, throttle, users } = setup();
    throttle.admitPublicAction.mockRejectedValue(new RateLimitedError(60));
    await expect(
      service.register(
        { email: 'a@example.com', password: PASSWORD, name: 'A', organizationName: 'A' },
        client,
      ),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(users.create).not.toHaveBeenCalled();
  });
});

describe('AuthService.login', () => {
  it('signs in to the first organization and gives the account’s reserved failure back', async () => {
    const { service, store, throttle, login, sessionOf } = setup();
    const payload = await login();
    expect(throttle.admit).toHaveBeenCalledWith('ada@example.com', client.ip);
    expect(throttle.recordSuccess).toHaveBeenCalledWith('ada@example.com');
    expect(payload.role).toBe(Role.AGENT);
    expect(payload.organization.id).toBe(ORG_A);
    expect(sessionOf(payload.accessToken)).toMatchObject({
      userId: id(1),
      organizationId: ORG_A,
      ip: client.ip,
      revokedAt: null,
    });
    expect(store.sessions.size).toBe(1);
    const chosen = await service.login(
      { email: 'ada@example.com', password: PASSWORD, organizationId: ORG_B },
      client,
    );
    expect(chosen.role).toBe(Role.ADMIN);
    expect(chosen.organization.id).toBe(ORG_B);
  });

  it('gives the same error for an unknown email, a wrong password and a passwordless account', async () => {
    const { service, throttle, users, user, store } = setup();
    const attempts = [
      { email: 'nobody@example.com', password: PASSWORD },
      { email: user.email, password: 'wrong password!' },
    ];
    for (const attempt of attempts) {
      await expect(service.login(attempt, client)).rejects.toEqual(
        new UnauthenticatedError('Invalid email or password'),
      );
    }
    users.findWithPassword.mockResolvedValue({ ...user, passwordHash: null });
    await expect(service.login({ email: user.email, password: PASSWORD }, client)).rejects.toThrow(
      'Invalid email or password',
    );
    expect(throttle.admit).toHaveBeenCalledTimes(3);
    expect(throttle.recordSuccess).not.toHaveBeenCalled();
    expect(store.sessions.size).toBe(0);
  });

  it('checks no password once the throttle refuses', async () => {
    const { service, throttle, users } = setup();
    throttle.admit.mockRejectedValue(new RateLimitedError(30));
    await expect(
      service.login({ email: 'ada@example.com', password: PASSWORD }, client),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    expect(users.findWithPassword).not.toHaveBeenCalled();
  });

  it('answers NOT_FOUND for an organization the user is not in, and refuses a user in none', async () => {
    const { service, orgs, store } = setup();
    await expect(
      service.login(
        { email: 'ada@example.com', password: PASSWORD, organizationId: id(0xc) },
        client,
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    orgs.membershipsOfUser.mockResolvedValue([]);
    await expect(
      service.login({ email: 'ada@example.com', password: PASSWORD }, client),
    ).rejects.toEqual(new UnauthenticatedError('This account belongs to no organization'));
    expect(store.sessions.size).toBe(0);
  });
});

describe('AuthService.refresh', () => {
  it('refuses an unknown token', async () => {
    const { service } = setup();
    await expect(service.refresh('made-up', client)).rejects.toEqual(
      new UnauthenticatedError('Invalid or expired refresh token'),
    );
  });

  it('rotates: the old token is spent, a new one is stored, the session is touched', async () => {
    const { service, store, login, sessionOf, memberships } = setup();
    const first = await login();
    const session = sessionOf(first.accessToken);
    session.lastUsedAt = new Date(0);
    memberships[0].role = Role.VIEWER; // the role comes from the membership now
    const second = await service.refresh(first.refreshToken, { ip: null, userAgent: 'other' });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.role).toBe(Role.VIEWER);
    expect(sessionOf(second.accessToken)).toBe(session);
    expect(store.tokens.map((token) => token.tokenHash)).toEqual([
      sha256(first.refreshToken),
      sha256(second.refreshToken),
    ]);
    expect(store.tokens[0].rotatedAt).toBeInstanceOf(Date);
    expect(store.tokens[1].rotatedAt).toBeNull();
    expect(session.lastUsedAt.getTime()).toBeGreaterThan(0);
    expect(session.ip).toBe(client.ip); // kept when the request has none
    expect(session.userAgent).toBe('other');
    // The new token works in turn.
    await expect(service.refresh(second.refreshToken, client)).resolves.toMatchObject({
      role: Role.VIEWER,
    });
  });

  it('refuses a token used again within the grace period, without revoking the session', async () => {
    const { service, store, login, sessionOf, liveSessions } = setup();
    const first = await login();
    await service.refresh(first.refreshToken, client);
    await expect(service.refresh(first.refreshToken, client)).rejects.toEqual(
      new UnauthenticatedError('Refresh token already used'),
    );
    expect(sessionOf(first.accessToken).revokedAt).toBeNull();
    expect(store.revocations).toEqual([]);
    expect(liveSessions.announceRevocation).not.toHaveBeenCalled();
  });

  it('revokes the whole family when a spent token is replayed after the grace period', async () => {
    const { service, store, login, sessionOf, liveSessions } = setup();
    const first = await login();
    const second = await service.refresh(first.refreshToken, client);
    // Spent a little longer ago than the grace period.
    store.tokens[0].rotatedAt = new Date(Date.now() - (GRACE_SECONDS + 1) * 1000);
    await expect(service.refresh(first.refreshToken, client)).rejects.toEqual(
      new UnauthenticatedError('Invalid or expired refresh token'),
    );
    const session = sessionOf(first.accessToken);
    expect(store.revocations).toEqual([{ ids: [session.id], reason: 'refresh token replayed' }]);
    expect(session.revokedReason).toBe('refresh token replayed');
    expect(liveSessions.announceRevocation).toHaveBeenCalledWith(expect.anything(), null, {
      sessionIds: [session.id],
    });
    // The thief's or the owner's newer token dies with the session.
    await expect(service.refresh(second.refreshToken, client)).rejects.toThrow(
      'Invalid or expired refresh token',
    );
  });

  it('refuses a token of a revoked or expired session', async () => {
    const { service, login, sessionOf, store } = setup();
    const revoked = await login();
    sessionOf(revoked.accessToken).revokedAt = new Date();
    await expect(service.refresh(revoked.refreshToken, client)).rejects.toThrow(
      'Invalid or expired refresh token',
    );
    const expired = await login();
    sessionOf(expired.accessToken).expiresAt = new Date(Date.now() - 1);
    await expect(service.refresh(expired.refreshToken, client)).rejects.toThrow(
      'Invalid or expired refresh token',
    );
    expect(store.tokens.every((token) => token.rotatedAt === null)).toBe(true);
  });

  it('revokes the session of someone who is no longer a member', async () => {
    const { service, login, sessionOf, store, memberships } = setup();
    const payload = await login();
    memberships.splice(0, 1);
    await expect(service.refresh(payload.refreshToken, client)).rejects.toThrow(
      'Invalid or expired refresh token',
    );
    expect(store.revocations).toEqual([
      { ids: [sessionOf(payload.accessToken).id], reason: 'no longer a member' },
    ]);
    expect(store.tokens[0].rotatedAt).toBeNull();
  });
});

describe('AuthService sessions', () => {
  it('switches organization into a session of its own, only where the user is a member', async () => {
    const { service, login, sessionOf, viewerOf } = setup();
    const first = await login();
    const viewer = viewerOf(sessionOf(first.accessToken).id);
    await expect(service.switchOrganization(viewer, id(0xc), client)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const switched = await service.switchOrganization(viewer, ORG_B, client);
    expect(switched.role).toBe(Role.ADMIN);
    expect(sessionOf(switched.accessToken).organizationId).toBe(ORG_B);
    expect(sessionOf(switched.accessToken).id).not.toBe(viewer.sessionId);
  });

  it('logs out the current session only, once', async () => {
    const { service, login, sessionOf, viewerOf, store, liveSessions } = setup();
    const mine = sessionOf((await login()).accessToken);
    const other = sessionOf((await login()).accessToken);
    expect(await service.logout(viewerOf(mine.id))).toBe(true);
    expect(mine.revokedReason).toBe('logout');
    expect(other.revokedAt).toBeNull();
    expect(await service.logout(viewerOf(mine.id))).toBe(true);
    expect(store.revocations).toHaveLength(1);
    expect(liveSessions.announceRevocation).toHaveBeenCalledTimes(1);
  });

  it('logs out everywhere: every live session of the user, and nothing when there is none', async () => {
    const { service, login, sessionOf, viewerOf, store } = setup();
    const a = sessionOf((await login()).accessToken);
    const b = sessionOf((await login()).accessToken);
    const stranger = { ...a, id: id(999), userId: id(2), revokedAt: null };
    store.sessions.set(stranger.id, stranger);
    await service.logoutAll(viewerOf(a.id));
    expect(store.revocations).toEqual([{ ids: [a.id, b.id], reason: 'logout everywhere' }]);
    expect(stranger.revokedAt).toBeNull();
    await service.logoutAll(viewerOf(a.id));
    expect(store.revocations).toHaveLength(1);
  });

  it('lists the user’s sessions and marks the caller’s own', async () => {
    const { service, sessionRepository, viewerOf } = setup();
    sessionRepository.find.mockResolvedValue([{ id: id(7) }, { id: id(8) }] as Session[]);
    const sessions = await service.sessions(viewerOf(id(8)));
    expect(sessions.map((session) => [session.id, session.current])).toEqual([
      [id(7), false],
      [id(8), true],
    ]);
    expect(sessionRepository.find.mock.calls[0][0].where.userId).toBe(id(1));
  });

  it('revokes one of the user’s sessions; another user’s is not found', async () => {
    const { service, login, sessionOf, viewerOf, store } = setup();
    const mine = sessionOf((await login()).accessToken);
    const target = sessionOf((await login()).accessToken);
    const viewer = viewerOf(mine.id);
    expect(await service.revokeSession(viewer, target.id)).toBe(true);
    expect(target.revokedReason).toBe('revoked by user');
    // Revoking it again changes nothing.
    await service.revokeSession(viewer, target.id);
    expect(store.revocations).toHaveLength(1);
    await expect(
      service.revokeSession({ ...viewer, userId: id(2) }, mine.id),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(mine.revokedAt).toBeNull();
  });

  it('on accepting an invitation that claims an address, signs its earlier holder out everywhere', async () => {
    const { service, login, sessionOf, invitations, store, user, throttle } = setup();
    const squatter = sessionOf((await login()).accessToken);
    invitations.acceptWithToken.mockResolvedValue({
      membership: { organizationId: ORG_B, role: Role.AGENT },
      user,
      claimed: true,
    });
    const payload = await service.acceptInvite('invite-token', PASSWORD, client);
    expect(throttle.admitPublicAction).toHaveBeenCalledWith('acceptInvite', client.ip);
    expect(squatter.revokedReason).toBe('email claimed by its owner');
    expect(payload.organization.id).toBe(ORG_B);
    expect(sessionOf(payload.accessToken).revokedAt).toBeNull();
    invitations.acceptWithToken.mockResolvedValue({
      membership: { organizationId: ORG_B, role: Role.AGENT },
      user,
      claimed: false,
    });
    await service.acceptInvite('invite-token', PASSWORD, client);
    expect(store.revocations).toHaveLength(1);
  });
});
