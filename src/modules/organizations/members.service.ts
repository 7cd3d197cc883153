import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Viewer } from '../../common/auth/viewer';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
} from '../../common/errors/domain-errors';
import { TenantRepository, TenantScope } from '../../database/tenant-scope';
import { TransactionService } from '../../database/transaction.service';
import { ConnectionArgs, ConnectionResult, paginate } from '../../graphql/pagination';
import { AuditService } from '../identity/audit/audit.service';
import { UsersService } from '../identity/users/users.service';
import { Invitation } from './invitation.entity';
import { createInvitationToken } from './invitation-token';
import { LiveSessions } from '../../common/auth/live-sessions';
import { assertRoleChangeAllowed, assertRoleGrantAllowed } from './member-role-rules';
import { Membership } from './membership.entity';
import { Role } from './role';
import { TeamMember } from './team.entity';
import { isUniqueViolation, isUuid } from '../../database/query-guards';

export interface AddMemberCommand {
  email: string;
  /** Required only when no account has this email yet. */
  name?: string | null;
  role: Role;
}

const ALREADY_MEMBER = 'This person is already a member of the organization';

/** The members of the viewer's organization: listing, adding, changing roles, removing. */
@Injectable()
export class MembersService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly liveSessions: LiveSessions,
  ) {}

  /** Whether the person is a member of the organization (e.g. may be assigned its tasks). */
  async isMember(organizationId: string, userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const memberships = this.tenants.for({ organizationId }).repository(Membership);
    return (await memberships.count({ userId })) > 0;
  }

  list(viewer: Viewer, args: ConnectionArgs): Promise<ConnectionResult<Membership>> {
    const query = this.tenants.for(viewer).repository(Membership).createQueryBuilder('membership');
    return paginate(query, args, {
      queryKey: 'members',
      orderBy: [{ column: 'membership.createdAt', direction: 'ASC' }],
    });
  }

  /**
   * Adds an existing account by email, or invites a new person: an account
   * with no password, and a one-time token (returned once, on the
   * membership) with which they set one.
   */
  async addMember(viewer: Viewer, command: AddMemberCommand): Promise<Membership> {
    try {
      return await this.transactions.run(async ({ manager }) => {
        const scope = this.tenants.for(viewer, manager);
        const memberships = scope.repository(Membership);
        assertRoleGrantAllowed(await this.actorRole(viewer, memberships), command.role);

        let inviteToken: string | null = null;
        let user = await this.users.findByEmail(command.email, manager);
        if (user) {
          if (await memberships.findOneBy({ userId: user.id })) {
            throw new ConflictError(ALREADY_MEMBER);
          }
        } else {
          const name = command.name?.trim();
          if (!name) {
            const message = 'is required to invite someone who has no account yet';
            throw new BadUserInputError(`Name ${message}`, [{ path: 'input.name', message }]);
          }
          user = await this.users.create(manager, { email: command.email, name });
          const invitations = scope.repository(Invitation);
          const { token, tokenHash, expiresAt } = createInvitationToken();
          await invitations.save(
            invitations.create({ userId: user.id, tokenHash, expiresAt, acceptedAt: null }),
          );
          inviteToken = token;
        }

        const membership = await memberships.save(
          memberships.create({ userId: user.id, role: command.role }),
        );
        await this.audit.record(manager, viewer, {
          action: 'member.added',
          entityType: 'Membership',
          entityId: membership.id,
          after: {
            userId: user.id,
            email: user.email,
            role: membership.role,
            invited: inviteToken !== null,
          },
        });
        membership.inviteToken = inviteToken;
        return membership;
      });
    } catch (error) {
      // Two admins adding the same person at once: the loser hits the unique
      // index on (organization, user) or on the email instead of the check.
      if (isUniqueViolation(error)) {
        throw new ConflictError('Someone else added this person at the same moment; try again');
      }
      throw error;
    }
  }

  /** Sessions of the member checked with the old role are checked again once it commits. */
  async updateMemberRole(viewer: Viewer, membershipId: string, role: Role): Promise<Membership> {
    return this.transactions.run(async (transaction) => {
      const manager = transaction.manager;
      const memberships = this.tenants.for(viewer, manager).repository(Membership);
      const owners = await this.lockOwners(memberships);
      const membership = await memberships.get(membershipId, 'Membership', 'pessimistic_write');
      const actorRole = await this.actorRole(viewer, memberships);
      assertRoleChangeAllowed(actorRole, membership.role, role, owners.length);
      if (membership.role === role) return membership;

      const before = { role: membership.role };
      membership.role = role;
      const saved = await memberships.save(membership);
      await this.audit.record(manager, viewer, {
        action: 'member.role_changed',
        entityType: 'Membership',
        entityId: saved.id,
        before,
        after: { role },
      });
      await this.liveSessions.announceRoleChange(transaction, viewer.organizationId, {
        userId: saved.userId,
        organizationId: viewer.organizationId,
      });
      return saved;
    });
  }

  /**
   * Removes the membership with everything that gave access through it (team
   * places, unused invitations), and tells the api instances to close the
   * person's sockets in this organization once committed.
   */
  async removeMember(viewer: Viewer, membershipId: string): Promise<boolean> {
    return this.transactions.run(async (transaction) => {
      const scope = this.tenants.for(viewer, transaction.manager);
      const memberships = scope.repository(Membership);
      const owners = await this.lockOwners(memberships);
      const membership = await memberships.get(membershipId, 'Membership', 'pessimistic_write');
      const actorRole = await this.actorRole(viewer, memberships);
      assertRoleChangeAllowed(actorRole, membership.role, null, owners.length);

      const { id, userId, role } = membership;
      const teamMembers = scope.repository(TeamMember);
      for (const row of await teamMembers.find({ userId })) await teamMembers.remove(row);
      const invitations = scope.repository(Invitation);
      for (const row of await invitations.find({ userId, acceptedAt: IsNull() })) {
        await invitations.remove(row);
      }
      await memberships.remove(membership);

      await this.audit.record(transaction.manager, viewer, {
        action: 'member.removed',
        entityType: 'Membership',
        entityId: id,
        before: { userId, role },
      });
      await this.liveSessions.announceRevocation(transaction, viewer.organizationId, {
        userId,
        organizationId: viewer.organizationId,
      });
      return true;
    });
  }

  /**
   * Locks the organization's owner rows (in id order, so concurrent callers
   * queue instead of deadlocking) for the rest of the transaction: the owner
   * count then cannot change under us, and two owners demoting or removing
   * each other at once cannot leave the organization without one.
   */
  private lockOwners(memberships: TenantRepository<Membership>): Promise<Membership[]> {
    return memberships
      .createQueryBuilder('membership')
      .andWhere('membership.role = :ownerRole', { ownerRole: Role.OWNER })
      .orderBy('membership.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * The role the actor has now, read in the transaction: the role in an
   * access token may be minutes old, and an owner demoted a moment ago must
   * not go on acting as one. API keys carry their own fixed role.
   */
  private async actorRole(
    viewer: Viewer,
    memberships: TenantRepository<Membership>,
  ): Promise<Role> {
    if (viewer.userId === null) return viewer.role;
    const own = await memberships.findOneBy({ userId: viewer.userId });
    if (!own) throw new ForbiddenError('You are no longer a member of this organization');
    return own.role;
  }
}
