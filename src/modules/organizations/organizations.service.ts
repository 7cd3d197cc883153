import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { organizationSlug } from './organization-slug';
import { Role } from '@/access/role';
import { isUuid } from '@/database/query-guards';

const SLUG_ATTEMPTS = 5;
export const ORGANIZATION_NAME_MAX_LENGTH = 200;

/**
 * Organizations and a user's memberships across them, for the auth module
 * (register, login, switchOrganization, me). These reads are keyed by the
 * user rather than by a tenant, because a person's list of organizations is
 * theirs, not any one organization's; tenant-side member management lives in
 * MembersService.
 */
@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async createOrganization(manager: EntityManager, name: string): Promise<Organization> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > ORGANIZATION_NAME_MAX_LENGTH) {
      const message = `must be 1 to ${ORGANIZATION_NAME_MAX_LENGTH} characters`;
      throw new BadUserInputError(`Organization name ${message}`, [
        { path: 'input.organizationName', message },
      ]);
    }
    // Checked before inserting: a unique violation would abort the caller's
    // whole transaction, where a fresh suffix costs one more round-trip.
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const slug = organizationSlug(trimmed);
      if (await manager.existsBy(Organization, { slug })) continue;
      return manager.save(manager.create(Organization, { name: trimmed, slug }));
    }
    throw new Error(`no free slug for "${trimmed}" after ${SLUG_ATTEMPTS} attempts`);
  }

  findByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return manager.findBy(Organization, { id: In(valid) });
  }

  membershipsOfUser(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Membership[]> {
    return manager.find(Membership, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async membershipOf(
    userId: string,
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Membership | null> {
    if (!isUuid(userId) || !isUuid(organizationId)) return null;
    return manager.findOneBy(Membership, { userId, organizationId });
  }

  createMembership(
    manager: EntityManager,
    organizationId: string,
    userId: string,
    role: Role,
  ): Promise<Membership> {
    return manager.save(manager.create(Membership, { organizationId, userId, role }));
  }
}
