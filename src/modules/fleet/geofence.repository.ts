import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The SQL of geofences beyond simple CRUD (which goes through TenantScope). */
@Injectable()
export class GeofenceRepository {
  /**
   * Takes the organization's geofence lock until the transaction of
   * `manager` ends, so parallel creates count one after the other.
   */
  async lockOrganization(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('geofences:' || $1, 0))`, [
      organizationId,
    ]);
  }
}
