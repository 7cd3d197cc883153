import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of fleet settings beyond simple CRUD (which goes through TenantScope). */
@Injectable()
export class FleetSettingsRepository {
  /** Creates the organization's settings row (defaults) unless it exists. */
  async ensureRow(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(
      `INSERT INTO fleet_settings (organization_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [organizationId],
    );
  }
}
