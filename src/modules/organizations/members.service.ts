import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { ForbiddenError } from '@/common/errors/domain-errors';
import { TenantRepository, TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { ConnectionArgs, ConnectionResult, paginate } from '@/graphql/pagination';
import { AuditService } from '@/modules/audit/audit.service';
import { Invitation } from './invitation.entity';
import { InvitationsService, InviteCommand } from './invitations.service';
import { LiveSessions } from '@/access/live-sessions';
import { assertRoleChangeAllowed } from './member-role-rules';
import { Membership } from './membership.entity';
import { Role } from '@/access/role';
import { TeamMember } from './team.entity';
import { isUuid } from '@/database/query-guards';
import { User } from '@/modules/users/user.entity';
import { memberSearchPatterns } from './member-search';

export type AddMemberCommand = InviteCommand;

/** A member as the directory shows them (find_members, attendee look-ups). */
export interface MemberEntry {
  userId: string;
  membershipId: string;
  name: string;
  email: string;
  role: Role;
  timezone: string;
}

/** Most entries `findMembers` returns. */
export const MAX_MEMBER_RESULTS = 50;

/** The members of the viewer's organization: listing, adding, changing roles, removing. */
@Injectable()
export class MembersService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly liveSessions: LiveSessions,
    private readonly invitations: InvitationsService,
  ) {}

  /** Whether the person is a member of the organization (e.g. may be assigned its tasks). */
  async isMember(organizationId: string, userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    const memberships = this.tenants.for({ organizationId }).repository(Membership);
    return (await memberships.count({ userId })) > 0;
  }

  /**
   * Members by name or email (every word of `query` somewhere in either,
   * case-insensitive) and/or by user id, ordered by name. Only the viewer's
   * organization: another organization's people are never found.
   */
  async findMembers(
    viewer: Viewer,
    filter: { query?: string | null; userIds?: readonly string[] },
    limit = MAX_MEMBER_RESULTS,
  ): Promise<MemberEntry[]> {
    const query = this.tenants
      .for(viewer)
      .repository(Membership)
      .createQueryBuilder('membership')
      .innerJoin(User, 'person', 'person.id = membership.userId')
      .select('person.id', 'userId')
      .addSelect('membership.id', 'membershipId')
      .addSelect('person.name', 'name')
      .addSelect('person.email', 'email')
      .addSelect('membership.role', 'role')
      .addSelect('person.timezone', 'timezone');
    if (filter.userIds !== undefined) {
      const ids = filter.userIds.filter(isUuid);
      if (ids.length === 0) return [];
      query.andWhere('membership.userId IN (:...memberUserIds)', { memberUserIds: ids });
    }
    memberSearchPatterns(filter.query).forEach((pattern, index) => {
      query.andWhere(`(person.name ILIKE :term${index} OR person.email ILIKE :term${index})`, {
        [`term${index}`]: pattern,
      });
    });
    return query
      .orderBy('person.name', 'ASC')
      .addOrderBy('person.id', 'ASC')
      .limit(Math.min(Math.max(limit, 1), MAX_MEMBER_RESULTS))
      .getRawMany<MemberEntry>();
  }

  list(viewer: Viewer, args: ConnectionArgs): Promise<ConnectionResult<Membership>> {
    const query = this.tenants.for(viewer).repository(Membership).createQueryBuilder('membership');
    return paginate(query, args, {
      queryKey: 'members',
      orderBy: [{ column: 'membership.createdAt', direction: 'ASC' }],
    });
  }

  /**
   * Invites a person by email (an existing account or a new one): the
   * membership exists only once they accept (InvitationsService).
   */
  async addMember(viewer: Viewer, command: AddMemberCommand): Promise<Membership> {
    const memberships = this.tenants.for(viewer).repository(Membership);
    return this.invitations.invite(viewer, await this.actorRole(viewer, memberships), command);
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
      const open = { userId, acceptedAt: IsNull(), declinedAt: IsNull(), revokedAt: IsNull() };
      for (const row of await invitations.find(open)) {
        row.revokedAt = new Date();
        await invitations.save(row);
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
