import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { NotFoundError, UnauthenticatedError } from '@/common/errors/domain-errors';
import { authConfig } from '@/config/configuration';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { Organization } from '@/modules/organizations/organization.entity';
import { OrganizationsService } from '@/modules/organizations/organizations.service';
import { Role } from '@/access/role';
import { AuditService } from '@/modules/audit/audit.service';
import { decoyHash, verifySecret } from '@/modules/users/password';
import { User } from '@/modules/users/user.entity';
import { UsersService } from '@/modules/users/users.service';
import { EmailVerificationService } from '@/modules/users/email-verification.service';
import { InvitationsService } from '@/modules/organizations/invitations.service';
import { LiveSessions } from '@/access/live-sessions';
import { AuthPayload, ClientInfo } from './auth-payload.type';
import { LoginThrottle } from './login-throttle.service';
import { RefreshToken, Session } from './session.entity';
import { opaqueToken, sha256, TokensService } from './tokens.service';

const INVALID_LOGIN = 'Invalid email or password';
const INVALID_REFRESH = 'Invalid or expired refresh token';

/** Sign-up, sign-in and the life of sessions and their refresh tokens. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly transactions: TransactionService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly liveSessions: LiveSessions,
    private readonly verification: EmailVerificationService,
    private readonly invitations: InvitationsService,
  ) {}

  /** A new user and their first organization, which they own (limited per client IP). */
  async register(
    input: {
      email: string;
      password: string;
      name: string;
      organizationName: string;
      timezone?: string | null;
    },
    client: ClientInfo,
  ): Promise<AuthPayload> {
    await this.throttle.admitPublicAction('register', client.ip ?? 'unknown');
    return this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const user = await this.users.create(manager, {
        email: input.email,
        password: input.password,
        name: input.name,
        timezone: input.timezone ?? undefined,
      });
      const organization = await this.organizations.createOrganization(
        manager,
        input.organizationName,
      );
      const membership = await this.organizations.createMembership(
        manager,
        organization.id,
        user.id,
        Role.OWNER,
      );
      const actor = { organizationId: organization.id, userId: user.id, apiKeyId: null };
      await this.audit.record(manager, actor, {
        action: 'organization.created',
        entityType: 'Organization',
        entityId: organization.id,
        after: { name: organization.name, slug: organization.slug },
      });
      await this.audit.record(manager, actor, {
        action: 'member.added',
        entityType: 'Membership',
        entityId: membership.id,
        after: { userId: user.id, role: Role.OWNER },
      });
      await this.verification.issue(transaction, user);
      return this.startSession(manager, user, organization, Role.OWNER, client);
    });
  }

  /**
   * The same error, after the same argon2 work, whether the email is unknown
   * or the password wrong. Limits per account and per IP apply first.
   */
  async login(
    input: { email: string; password: string; organizationId?: string | null },
    client: ClientInfo,
  ): Promise<AuthPayload> {
    await this.throttle.admit(input.email, client.ip ?? 'unknown');
    const user = await this.users.findWithPassword(input.email);
    const valid = await verifySecret(user?.passwordHash ?? (await decoyHash()), input.password);
    if (!user || !user.passwordHash || !valid) {
      // The failure was counted when `admit` reserved it.
      throw new UnauthenticatedError(INVALID_LOGIN);
    }
    await this.throttle.recordSuccess(input.email);
    const memberships = await this.organizations.membershipsOfUser(user.id);
    const membership = input.organizationId
      ? memberships.find((candidate) => candidate.organizationId === input.organizationId)
      : memberships[0];
    if (!membership) {
      throw input.organizationId
        ? new NotFoundError('Organization', input.organizationId)
        : new UnauthenticatedError('This account belongs to no organization');
    }
    const [organization] = await this.organizations.findByIds([membership.organizationId]);
    return this.transactions.run(({ manager }) =>
      this.startSession(manager, user, organization, membership.role, client),
    );
  }

  /**
   * Rotates a refresh token under a row lock: of concurrent refreshes with one
   * token exactly one wins. A token used again within the grace period is
   * refused (a client race); used again later it is a replay, and the whole
   * session (the token family) is revoked.
   */
  async refresh(refreshToken: string, client: ClientInfo): Promise<AuthPayload> {
    const outcome = await this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const token = await manager
        .getRepository(RefreshToken)
        .createQueryBuilder('token')
        .setLock('pessimistic_write')
        .where('token.tokenHash = :hash', { hash: sha256(refreshToken) })
        .getOne();
      if (!token) return { error: INVALID_REFRESH } as const;
      const session = await manager.findOne(Session, {
        where: { id: token.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session || session.revokedAt || session.expiresAt <= new Date())
        return { error: INVALID_REFRESH } as const;
      if (token.rotatedAt) {
        const age = (Date.now() - token.rotatedAt.getTime()) / 1000;
        if (age <= this.config.refreshReuseGraceSeconds) {
          return { error: 'Refresh token already used' } as const;
        }
        await this.revokeSessions(transaction, [session], 'refresh token replayed');
        return { error: INVALID_REFRESH } as const;
      }
      const membership = await this.organizations.membershipOf(
        session.userId,
        session.organizationId,
        manager,
      );
      if (!membership) {
        await this.revokeSessions(transaction, [session], 'no longer a member');
        return { error: INVALID_REFRESH } as const;
      }
      token.rotatedAt = new Date();
      await manager.save(token);
      session.lastUsedAt = new Date();
      session.ip = client.ip ?? session.ip;
      session.userAgent = client.userAgent ?? session.userAgent;
      await manager.save(session);
      const user = await this.users.findById(session.userId, manager);
      const [organization] = await this.organizations.findByIds([session.organizationId], manager);
      return {
        payload: await this.issue(manager, session, user, organization, membership.role),
      } as const;
    });
    if ('error' in outcome) throw new UnauthenticatedError(outcome.error);
    return outcome.payload;
  }

  /** Tokens for another organization the user belongs to, in a session of its own. */
  async switchOrganization(
    viewer: Viewer,
    organizationId: string,
    client: ClientInfo,
  ): Promise<AuthPayload> {
    const membership = await this.organizations.membershipOf(viewer.userId!, organizationId);
    if (!membership) throw new NotFoundError('Organization', organizationId);
    const user = await this.users.findById(viewer.userId!);
    const [organization] = await this.organizations.findByIds([organizationId]);
    return this.transactions.run(({ manager }) =>
      this.startSession(manager, user, organization, membership.role, client),
    );
  }

  async logout(viewer: Viewer): Promise<boolean> {
    await this.transactions.run(async (transaction) => {
      const session = await transaction.manager.findOneBy(Session, {
        id: viewer.sessionId!,
        revokedAt: IsNull(),
      });
      if (session) await this.revokeSessions(transaction, [session], 'logout');
    });
    return true;
  }

  /** Every session of the user, in every organization. */
  async logoutAll(viewer: Viewer): Promise<boolean> {
    await this.transactions.run(async (transaction) => {
      const sessions = await transaction.manager.findBy(Session, {
        userId: viewer.userId!,
        revokedAt: IsNull(),
      });
      await this.revokeSessions(transaction, sessions, 'logout everywhere');
    });
    return true;
  }

  /** The user's live sessions; another user's session ids are not found. */
  async sessions(viewer: Viewer): Promise<Session[]> {
    const sessions = await this.dataSource.getRepository(Session).find({
      where: { userId: viewer.userId!, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
    for (const session of sessions) session.current = session.id === viewer.sessionId;
    return sessions;
  }

  async revokeSession(viewer: Viewer, id: string): Promise<boolean> {
    await this.transactions.run(async (transaction) => {
      const session = await transaction.manager.findOneBy(Session, { id, userId: viewer.userId! });
      if (!session) throw new NotFoundError('Session', id);
      if (!session.revokedAt) await this.revokeSessions(transaction, [session], 'revoked by user');
    });
    return true;
  }

  /**
   * The emailed invitation token: a new person (or the real owner of an
   * address someone registered unverified) sets their password, joins and
   * is signed in there (InvitationsService.acceptWithToken).
   */
  async acceptInvite(token: string, password: string, client: ClientInfo): Promise<AuthPayload> {
    await this.throttle.admitPublicAction('acceptInvite', client.ip ?? 'unknown');
    return this.transactions.run(async (transaction) => {
      const { membership, user, claimed } = await this.invitations.acceptWithToken(
        transaction,
        token,
        password,
      );
      if (claimed) {
        // Whoever registered this address before its owner proved it is signed out everywhere.
        const sessions = await transaction.manager.findBy(Session, {
          userId: user.id,
          revokedAt: IsNull(),
        });
        await this.revokeSessions(transaction, sessions, 'email claimed by its owner');
      }
      const [organization] = await this.organizations.findByIds(
        [membership.organizationId],
        transaction.manager,
      );
      return this.startSession(transaction.manager, user, organization, membership.role, client);
    });
  }

  private async startSession(
    manager: EntityManager,
    user: User,
    organization: Organization,
    role: Role,
    client: ClientInfo,
  ): Promise<AuthPayload> {
    const session = await manager.save(
      manager.create(Session, {
        userId: user.id,
        organizationId: organization.id,
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        lastUsedAt: new Date(),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
        revokedAt: null,
        revokedReason: null,
      }),
    );
    return this.issue(manager, session, user, organization, role);
  }

  private async issue(
    manager: EntityManager,
    session: Session,
    user: User,
    organization: Organization,
    role: Role,
  ): Promise<AuthPayload> {
    const refreshToken = opaqueToken();
    await manager.insert(RefreshToken, {
      sessionId: session.id,
      tokenHash: sha256(refreshToken),
      rotatedAt: null,
    });
    const access = await this.tokens.signAccessToken({
      userId: user.id,
      organizationId: organization.id,
      sessionId: session.id,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      user,
      organization,
      role,
    };
  }

  /** Revokes sessions and tells every api instance to close sockets using them. */
  private async revokeSessions(
    transaction: Transaction,
    sessions: Session[],
    reason: string,
  ): Promise<void> {
    if (sessions.length === 0) return;
    const ids = sessions.map((session) => session.id);
    await transaction.manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .whereInIds(ids)
      .andWhere('revoked_at IS NULL')
      .execute();
    await this.liveSessions.announceRevocation(transaction, null, { sessionIds: ids });
  }
}
