import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@/database/query-guards';
import { AutomationTrigger } from './automation.enums';
import { Automation } from './automation.entity';

/**
 * The SQL of automations beyond per-request CRUD (which goes through
 * TenantScope): the per-organization lock for the count cap, and the lookups
 * the run engine makes outside a request. Every method is scoped by
 * organization.
 */
@Injectable()
export class AutomationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the organization's automations lock until the transaction of
   * `manager` ends, so parallel creates count one after the other.
   */
  async lockOrganization(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('automations:' || $1, 0))`, [
      organizationId,
    ]);
  }

  /** The organization's enabled automations for `trigger`, oldest first. */
  enabledFor(
    organizationId: string,
    trigger: AutomationTrigger,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Automation[]> {
    return manager.find(Automation, {
      where: { organizationId, trigger, enabled: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** One automation of the organization, or null (also for another organization's id). */
  findOne(
    organizationId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Automation | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return manager.findOneBy(Automation, { organizationId, id });
  }
}
