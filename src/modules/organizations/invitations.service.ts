import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Viewer } from '@/access/viewer';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '@/common/errors/domain-errors';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { Transaction, TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { User } from '@/modules/users/user.entity';
import { UsersService } from '@/modules/users/users.service';
import { invitationMail } from '@/modules/mail/mail-templates';
import { MailService } from '@/modules/mail/mail.service';
import { Invitation, InvitationStatus } from './invitation.entity';
import { createInvitationToken, hashInvitationToken } from './invitation-token';
import { assertRoleGrantAllowed } from './member-role-rules';
import { Membership, MembershipStatus } from './membership.entity';
import { Organization } from './organization.entity';
import { Role } from '@/access/role';

export interface InviteCommand {
  email: string;
  /** Required only when no account has this email yet. */
  name?: string | null;
  role: Role;
}

const ALREADY_MEMBER = 'This person is already a member of the organization';
const NOT_PENDING = 'This invitation is no longer open (accepted, declined, revoked or expired)';
const INVALID_TOKEN = 'This invitation is invalid or has expired';

/**
 * Joining an organization needs the invitee's consent. `invite` (behind
 * `addMember`) creates a pending invitation and mails it; the membership
 * exists only once the invitee accepts — signed in with the invited,
 * verified address (`acceptInvitation`), or through the emailed one-time
 * token with which a new person sets their password (`acceptInvite`). Admins
 * list and revoke; invitees list, accept and decline. Every step is audited.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /**
   * Invites a person (an existing account, or a new one created without a
   * password) and mails them. A pending invitation of the same person is
   * replaced (its link stops working). Returns the invitation as a pending
   * membership (`status: INVITED`, `id` the invitation's).
   */
  async invite(viewer: Viewer, actorRole: Role, command: InviteCommand): Promise<Membership> {
    assertRoleGrantAllowed(actorRole, command.role);
    try {
      return await this.transactions.run(async (transaction) => {
        const { manager } = transaction;
        const scope = this.tenants.for(viewer, manager);
        let user = await this.users.findByEmail(command.email, manager);
        if (user) {
          if (await scope.repository(Membership).findOneBy({ userId: user.id })) {
            throw new ConflictError(ALREADY_MEMBER);
          }
        } else {
          const name = command.name?.trim();
          if (!name) {
            const message = 'is required to invite someone who has no account yet';
            throw new BadUserInputError(`Name ${message}`, [{ path: 'input.name', message }]);
          }
          user = await this.users.create(manager, { email: command.email, name });
        }
        const invitations = scope.repository(Invitation);
        const now = new Date();
        for (const open of await invitations.find({
          userId: user.id,
          acceptedAt: IsNull(),
          declinedAt: IsNull(),
          revokedAt: IsNull(),
        })) {
          open.revokedAt = now;
          await invitations.save(open);
        }
        const { token, tokenHash, expiresAt } = createInvitationToken(now);
        const invitation = await invitations.save(
          invitations.create({
            userId: user.id,
            email: user.email,
            role: command.role,
            invitedByUserId: viewer.userId,
            tokenHash,
            expiresAt,
            acceptedAt: null,
            declinedAt: null,
            revokedAt: null,
          }),
        );
        await this.audit.record(manager, viewer, {
          action: 'invitation.created',
          entityType: 'Invitation',
          entityId: invitation.id,
          after: { userId: user.id, email: user.email, role: command.role },
        });
        await this.sendInvitation(transaction, viewer, invitation, user, token);
        return Object.assign(new Membership(), {
          id: invitation.id,
          organizationId: viewer.organizationId,
          userId: user.id,
          role: invitation.role,
          createdAt: invitation.createdAt,
          updatedAt: invitation.updatedAt,
          status: MembershipStatus.INVITED,
          inviteToken: null,
        });
      });
    } catch (error) {
      // Two admins inviting the same person at once: the loser hits the
      // partial unique index on open invitations (or the email's).
      if (isUniqueViolation(error)) {
        throw new ConflictError('Someone else invited this person at the same moment; try again');
      }
      throw error;
    }
  }

  /** The organization's invitations, newest first (optionally one status). */
  async list(viewer: Viewer, status?: InvitationStatus | null): Promise<Invitation[]> {
    const rows = await this.tenants
      .for(viewer)
      .repository(Invitation)
      .createQueryBuilder('invitation')
      .orderBy('invitation.createdAt', 'DESC')
      .addOrderBy('invitation.id', 'DESC')
      .take(500)
      .getMany();
    return status ? rows.filter((row) => row.status === status) : rows;
  }

  async revoke(viewer: Viewer, id: string): Promise<Invitation> {
    return this.transactions.run(async ({ manager }) => {
      const invitations = this.tenants.for(viewer, manager).repository(Invitation);
      const invitation = await invitations.get(id, 'Invitation', 'pessimistic_write');
      if (invitation.status !== InvitationStatus.PENDING) throw new ConflictError(NOT_PENDING);
      invitation.revokedAt = new Date();
      const saved = await invitations.save(invitation);
      await this.audit.record(manager, viewer, {
        action: 'invitation.revoked',
        entityType: 'Invitation',
        entityId: saved.id,
        before: { status: InvitationStatus.PENDING },
        after: { status: InvitationStatus.REVOKED },
      });
      return saved;
    });
  }

  /** The signed-in person's open invitations, in every organization. */
  mine(viewer: Viewer): Promise<Invitation[]> {
    const userId = this.personOf(viewer);
    return this.transactions.run(async ({ manager }) => {
      const rows = await manager.find(Invitation, {
        where: { userId, acceptedAt: IsNull(), declinedAt: IsNull(), revokedAt: IsNull() },
        order: { createdAt: 'DESC' },
      });
      return rows.filter((row) => row.status === InvitationStatus.PENDING);
    });
  }

  /**
   * The signed-in invitee accepts: only with the address the invitation was
   * sent to, and only once that address is verified.
   */
  accept(viewer: Viewer, id: string): Promise<Membership> {
    const userId = this.personOf(viewer);
    return this.transactions.run(async ({ manager }) => {
      const invitation = await this.ownInvitation(manager, userId, id);
      const user = await manager.findOneByOrFail(User, { id: userId });
      if (!user.emailVerifiedAt || user.email !== invitation.email) {
        throw new ForbiddenError(
          `Verify your email address (${user.email}) before joining another organization`,
        );
      }
      return this.join(manager, invitation, userId);
    });
  }

  decline(viewer: Viewer, id: string): Promise<Invitation> {
    const userId = this.personOf(viewer);
    return this.transactions.run(async ({ manager }) => {
      const invitation = await this.ownInvitation(manager, userId, id);
      invitation.declinedAt = new Date();
      const saved = await manager.save(invitation);
      await this.audit.record(
        manager,
        { organizationId: invitation.organizationId, userId, apiKeyId: null },
        {
          action: 'invitation.declined',
          entityType: 'Invitation',
          entityId: saved.id,
          before: { status: InvitationStatus.PENDING },
          after: { status: InvitationStatus.DECLINED },
        },
      );
      return saved;
    });
  }

  /**
   * The emailed token: proof that its holder reads the invited address. A
   * new person (no password) or an account whose address was never verified
   * (someone may have registered it first) sets the password with it: the
   * address is then verified (`claimed`: the account had a password, whose
   * sessions the caller ends).
   * A verified account with a password signs in and accepts instead.
   */
  acceptWithToken(
    transaction: Transaction,
    token: string,
    password: string,
  ): Promise<{ membership: Membership; user: User; claimed: boolean }> {
    const { manager } = transaction;
    return (async () => {
      const invitation = await manager.findOne(Invitation, {
        where: { tokenHash: hashInvitationToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!invitation || invitation.status !== InvitationStatus.PENDING) {
        throw new UnauthenticatedError(INVALID_TOKEN);
      }
      const user = await manager
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('user.id = :id', { id: invitation.userId })
        .setLock('pessimistic_write')
        .getOneOrFail();
      if (user.email !== invitation.email) throw new UnauthenticatedError(INVALID_TOKEN);
      if (user.passwordHash && user.emailVerifiedAt) {
        throw new ForbiddenError(
          `${user.email} already has an account: sign in with it and accept the invitation there`,
        );
      }
      const hadPassword = Boolean(user.passwordHash);
      await this.users.setPassword(manager, user.id, password);
      user.emailVerifiedAt = new Date();
      await manager.update(User, { id: user.id }, { emailVerifiedAt: user.emailVerifiedAt });
      const membership = await this.join(manager, invitation, user.id);
      return { membership, user, claimed: hadPassword };
    })();
  }

  private personOf(viewer: Viewer): string {
    if (!viewer.userId) throw new ForbiddenError('Invitations are accepted by a person, not a key');
    return viewer.userId;
  }

  /** An open invitation addressed to this person (another's answers NOT_FOUND). */
  private async ownInvitation(
    manager: Transaction['manager'],
    userId: string,
    id: string,
  ): Promise<Invitation> {
    const invitation = isUuid(id)
      ? await manager.findOne(Invitation, {
          where: { id, userId },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    if (!invitation) throw new NotFoundError('Invitation', id);
    if (invitation.status !== InvitationStatus.PENDING) throw new ConflictError(NOT_PENDING);
    return invitation;
  }

  /** Creates the membership of an accepted invitation (the invitee's consent). */
  private async join(
    manager: Transaction['manager'],
    invitation: Invitation,
    userId: string,
  ): Promise<Membership> {
    const actor = { organizationId: invitation.organizationId, userId, apiKeyId: null };
    invitation.acceptedAt = new Date();
    await manager.save(invitation);
    let membership = await manager.findOneBy(Membership, {
      organizationId: invitation.organizationId,
      userId,
    });
    if (!membership) {
      membership = await manager.save(
        manager.create(Membership, {
          organizationId: invitation.organizationId,
          userId,
          role: invitation.role,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'member.added',
        entityType: 'Membership',
        entityId: membership.id,
        after: { userId, role: membership.role, invitationId: invitation.id },
      });
    }
    await this.audit.record(manager, actor, {
      action: 'invitation.accepted',
      entityType: 'Invitation',
      entityId: invitation.id,
      before: { status: InvitationStatus.PENDING },
      after: { status: InvitationStatus.ACCEPTED, membershipId: membership.id },
    });
    return membership;
  }

  private async sendInvitation(
    transaction: Transaction,
    viewer: Viewer,
    invitation: Invitation,
    invitee: User,
    token: string,
  ): Promise<void> {
    const { manager } = transaction;
    const organization = await manager.findOneByOrFail(Organization, {
      id: viewer.organizationId,
    });
    const inviter = viewer.userId ? await manager.findOneBy(User, { id: viewer.userId }) : null;
    const hasPassword = Boolean(
      await manager
        .getRepository(User)
        .createQueryBuilder('user')
        .select('user.id')
        .where('user.id = :id AND user.password_hash IS NOT NULL', { id: invitee.id })
        .getOne(),
    );
    await this.mail.enqueue(transaction, {
      kind: 'invitation',
      organizationId: viewer.organizationId,
      to: invitee.email,
      ...invitationMail({
        organizationName: organization.name,
        inviterName: inviter?.name ?? null,
        role: invitation.role,
        hasPassword,
        url: this.mail.link('/invitations/accept', { token }),
      }),
    });
  }
}
