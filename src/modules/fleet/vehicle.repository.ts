import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A vehicle claimed by the stale check (any organization: the row carries it). */
export interface StaleVehicleRow {
  id: string;
  organization_id: string;
  name: string;
  last_position_at: Date;
}

/** The SQL of vehicles beyond simple CRUD (which goes through TenantScope). */
@Injectable()
export class VehicleRepository {
  /**
   * Creates the organization's vehicles for these Samsara (external) ids and
   * names, skipping those that exist; in the transaction of `manager`.
   */
  async insertExternal(
    manager: EntityManager,
    organizationId: string,
    externalIds: readonly string[],
    names: readonly string[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO vehicle (organization_id, name, external_id)
       SELECT $1, t.name, t.external_id FROM unnest($2::text[], $3::text[]) AS t(external_id, name)
       ON CONFLICT (organization_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
      [organizationId, externalIds, names],
    );
  }

  /** The organization's vehicles with these external ids, as (id, external_id). */
  findByExternalIds(
    manager: EntityManager,
    organizationId: string,
    externalIds: readonly string[],
  ): Promise<Array<{ id: string; external_id: string }>> {
    return manager.query(
      `SELECT id, external_id FROM vehicle WHERE organization_id = $1 AND external_id = ANY($2::text[])`,
      [organizationId, externalIds],
    );
  }

  /**
   * Claims (SKIP LOCKED, in the transaction of `manager`) up to `limit`
   * vehicles of every organization whose last position is older than their
   * organization's stale threshold (`defaultStaleMinutes` without settings)
   * and not yet alerted, and marks them alerted.
   */
  async claimStale(
    manager: EntityManager,
    defaultStaleMinutes: number,
    limit: number,
  ): Promise<StaleVehicleRow[]> {
    const [rows]: [StaleVehicleRow[], number] = await manager.query(
      `WITH stale AS (
             SELECT vehicle.id FROM vehicle
               LEFT JOIN fleet_settings settings ON settings.organization_id = vehicle.organization_id
              WHERE vehicle.last_position_at IS NOT NULL AND NOT vehicle.stale_alerted
                AND vehicle.last_position_at < now() - make_interval(
                      mins => COALESCE(settings.stale_after_minutes, $1))
              ORDER BY vehicle.id
              LIMIT $2
              FOR UPDATE OF vehicle SKIP LOCKED)
           UPDATE vehicle SET stale_alerted = true, updated_at = now()
             FROM stale WHERE vehicle.id = stale.id
           RETURNING vehicle.id, vehicle.organization_id, vehicle.name, vehicle.last_position_at`,
      [defaultStaleMinutes, limit],
    );
    return rows;
  }
}
