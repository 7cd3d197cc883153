import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  In,
  SelectQueryBuilder,
} from 'typeorm';
import { NotFoundError } from '@/common/errors/domain-errors';
import { TenantEntity } from './base.entity';
import { isUuid } from './query-guards';

/**
 * Tenant isolation in one place: a repository that can only be had for one
 * organization and adds that organization to every read and write. Services
 * get it from `TenantScope.for(viewer)`, where the viewer comes from the
 * credentials, so an id from another tenant is simply not found.
 */
export class TenantRepository<T extends TenantEntity> {
  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<T>,
    readonly organizationId: string,
  ) {
    if (!organizationId) throw new Error('a tenant repository needs an organization id');
  }

  private where(where: FindOptionsWhere<T> = {}): FindOptionsWhere<T> {
    return { ...where, organizationId: this.organizationId };
  }

  /** `withDeleted` includes soft-deleted rows (e.g. to describe a deletion). */
  find(
    where?: FindOptionsWhere<T>,
    order?: FindOptionsOrder<T>,
    options: { withDeleted?: boolean } = {},
  ): Promise<T[]> {
    return this.manager.find(this.entity, {
      where: this.where(where),
      order,
      withDeleted: options.withDeleted,
    });
  }

  findOneBy(where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOneBy(this.entity, this.where(where));
  }

  /** Malformed ids match nothing (rather than failing in PostgreSQL). */
  findByIds(ids: readonly string[]): Promise<T[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.find({ id: In(valid) } as FindOptionsWhere<T>);
  }

  /** NOT_FOUND for a missing id, a malformed one and another tenant's id alike. */
  async get(id: string, entityName: string, lock?: 'pessimistic_write'): Promise<T> {
    if (!isUuid(id)) throw new NotFoundError(entityName, id);
    const row = await this.manager.findOne(this.entity, {
      where: this.where({ id } as FindOptionsWhere<T>),
      ...(lock ? { lock: { mode: lock } } : {}),
    });
    if (!row) throw new NotFoundError(entityName, id);
    return row;
  }

  count(where?: FindOptionsWhere<T>): Promise<number> {
    return this.manager.countBy(this.entity, this.where(where));
  }

  /** A query builder already restricted to this organization. */
  createQueryBuilder(alias: string): SelectQueryBuilder<T> {
    return this.manager
      .createQueryBuilder(this.entity, alias)
      .where(`${alias}.organizationId = :tenantOrganizationId`, {
        tenantOrganizationId: this.organizationId,
      });
  }

  create(data: DeepPartial<T>): T {
    return this.manager.create(this.entity, {
      ...data,
      organizationId: this.organizationId,
    } as DeepPartial<T>);
  }

  save(entity: T): Promise<T> {
    if (entity.organizationId !== this.organizationId) {
      throw new Error('refusing to save a row of another organization');
    }
    return this.manager.save(entity);
  }

  async remove(entity: T): Promise<void> {
    if (entity.organizationId !== this.organizationId) {
      throw new Error('refusing to delete a row of another organization');
    }
    await this.manager.remove(entity);
  }
}

@Injectable()
export class TenantScope {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Repositories for one organization, optionally inside a transaction. */
  for(tenant: { organizationId: string }, manager: EntityManager = this.dataSource.manager) {
    return {
      organizationId: tenant.organizationId,
      repository: <T extends TenantEntity>(entity: EntityTarget<T>): TenantRepository<T> =>
        new TenantRepository(manager, entity, tenant.organizationId),
    };
  }
}
