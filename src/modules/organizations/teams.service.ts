import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { groupByKeys } from '@/graphql/dataloader/dataloader-registry';
import { BadUserInputError, ConflictError, NotFoundError } from '@/common/errors/domain-errors';
import { TenantRepository, TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { Membership } from './membership.entity';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TeamRole } from '@/access/role';
import { Team, TeamMember } from './team.entity';

export interface CreateTeamCommand {
  name: string;
  description?: string | null;
}

const DUPLICATE_NAME = 'A team with this name already exists';

/**
 * Teams of the viewer's organization and who is in them (LEAD or MEMBER).
 * Membership changes are audited on the team, with the person under `member`
 * (kept whole, so a role change still names whose role changed).
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  list(viewer: Viewer): Promise<Team[]> {
    return this.tenants.for(viewer).repository(Team).find({}, { name: 'ASC', id: 'ASC' });
  }

  /**
   * For `team(id)`, whose result is nullable: null for an id that does not
   * exist and for another organization's alike, so neither leaks anything.
   * Mutations on a team say NOT_FOUND instead.
   */
  async get(viewer: Viewer, id: string): Promise<Team | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Team).findOneBy({ id });
  }

  async create(viewer: Viewer, command: CreateTeamCommand): Promise<Team> {
    const name = command.name.trim();
    if (name.length === 0) {
      throw new BadUserInputError('Team name must not be blank', [
        { path: 'input.name', message: 'must not be blank' },
      ]);
    }
    const description = command.description?.trim() || null;
    try {
      return await this.transactions.run(async ({ manager }) => {
        const teams = this.tenants.for(viewer, manager).repository(Team);
        if (await teams.findOneBy({ name })) throw new ConflictError(DUPLICATE_NAME);
        const team = await teams.save(teams.create({ name, description }));
        await this.audit.record(manager, viewer, {
          action: 'team.created',
          entityType: 'Team',
          entityId: team.id,
          after: { name, description },
        });
        return team;
      });
    } catch (error) {
      // Two teams of the same name created at once: the unique index decides.
      if (isUniqueViolation(error)) throw new ConflictError(DUPLICATE_NAME);
      throw error;
    }
  }

  /** Puts a member of the organization in the team, or changes their team role if already in it. */
  async addMember(
    viewer: Viewer,
    teamId: string,
    userId: string,
    role: TeamRole = TeamRole.MEMBER,
  ): Promise<Team> {
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      // The team row lock serialises changes to one team's members, so two
      // concurrent adds of the same person update rather than collide.
      const team = await scope.repository(Team).get(teamId, 'Team', 'pessimistic_write');
      await this.lockMembership(scope.repository(Membership), userId);

      const teamMembers = scope.repository(TeamMember);
      const existing = await teamMembers.findOneBy({ teamId, userId });
      if (existing) {
        if (existing.role !== role) {
          const before = { member: { userId, role: existing.role } };
          existing.role = role;
          await teamMembers.save(existing);
          await this.audit.record(manager, viewer, {
            action: 'team.member_role_changed',
            entityType: 'Team',
            entityId: team.id,
            before,
            after: { member: { userId, role } },
          });
        }
        return team;
      }

      await teamMembers.save(teamMembers.create({ teamId, userId, role }));
      await this.audit.record(manager, viewer, {
        action: 'team.member_added',
        entityType: 'Team',
        entityId: team.id,
        after: { member: { userId, role } },
      });
      return team;
    });
  }

  async removeMember(viewer: Viewer, teamId: string, userId: string): Promise<Team> {
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      const team = await scope.repository(Team).get(teamId, 'Team', 'pessimistic_write');
      const teamMembers = scope.repository(TeamMember);
      const existing = isUuid(userId) ? await teamMembers.findOneBy({ teamId, userId }) : null;
      if (!existing) throw new NotFoundError('TeamMember', userId);

      await teamMembers.remove(existing);
      await this.audit.record(manager, viewer, {
        action: 'team.member_removed',
        entityType: 'Team',
        entityId: team.id,
        before: { member: { userId, role: existing.role } },
      });
      return team;
    });
  }

  /** Teams of one organization by id (for the Team DataLoader and for checking task inputs). */
  findByIds(organizationId: string, ids: readonly string[]): Promise<Team[]> {
    return this.tenants.for({ organizationId }).repository(Team).findByIds(ids);
  }

  /** Members of several teams in one query, grouped in `teamIds` order (for the Team.members DataLoader). */
  async membersOfTeams(
    organizationId: string,
    teamIds: readonly string[],
  ): Promise<TeamMember[][]> {
    const valid = teamIds.filter(isUuid);
    const rows =
      valid.length === 0
        ? []
        : await this.tenants
            .for({ organizationId })
            .repository(TeamMember)
            .find({ teamId: In(valid) }, { createdAt: 'ASC', id: 'ASC' });
    return groupByKeys(rows, teamIds, (row) => row.teamId);
  }

  /**
   * Only members of the organization can be in its teams. The share lock
   * makes a concurrent removeMember (which takes the row FOR UPDATE and then
   * deletes the person's team places) wait for us, or us for it, so nobody
   * ends up in a team of an organization they have left.
   */
  private async lockMembership(
    memberships: TenantRepository<Membership>,
    userId: string,
  ): Promise<Membership> {
    const membership = isUuid(userId)
      ? await memberships
          .createQueryBuilder('membership')
          .andWhere('membership.userId = :userId', { userId })
          .setLock('pessimistic_read')
          .getOne()
      : null;
    if (!membership) throw new NotFoundError('User', userId);
    return membership;
  }
}
