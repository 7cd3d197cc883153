import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Transaction } from '../../database/transaction.service';
import { OutboxService } from '../../queue/outbox/outbox.service';
import { QueueName } from '../../queue/queue-names';
import { evaluatePositions, EvaluatedPosition, RaisedAlert } from './alert-evaluator';
import { FleetAlert } from './fleet-alert.entity';
import { FleetSettingsService } from './fleet-settings.service';
import { AlertSeverity } from './fleet.enums';
import {
  FleetAlertEvent,
  fleetAlertTopic,
  LivePosition,
  vehiclePositionsTopic,
} from './fleet-topics';
import { Geofence } from './geofence.entity';
import { Vehicle } from './vehicle.entity';

/** One position to store; a vehicle not of the organization fails the batch (UnknownVehiclesError). */
export interface PositionRow extends EvaluatedPosition {
  vehicleId: string;
}

/** Positions named vehicles the organization does not have; nothing was stored. */
export class UnknownVehiclesError extends Error {
  constructor(readonly vehicleIds: string[]) {
    super(`unknown vehicles: ${vehicleIds.join(', ')}`);
    this.name = 'UnknownVehiclesError';
  }
}

export interface IngestResult {
  /** Positions actually stored (repeats of a stored (vehicle, time) are not). */
  inserted: number;
  alerts: FleetAlert[];
}

/**
 * The one way positions enter the database, for GraphQL ingest and the
 * Samsara poller alike, inside the caller's transaction:
 *
 * 1. the vehicles concerned are locked (in id order; all must be the
 *    organization's);
 * 2. one bulk INSERT … ON CONFLICT DO NOTHING: a (vehicle, time) already
 *    stored is skipped, so a retried batch stores nothing twice; the alert
 *    state is folded over the positions newer than each vehicle's last one
 *    (alert-evaluator.ts);
 * 3. one UPDATE writes back every vehicle's last position and state, one
 *    INSERT the alerts;
 * 4. the outbox gets one `fleet.positions` event (newest position per moved
 *    vehicle), one `fleet.alert` event per alert and a Slack job per CRITICAL
 *    alert, all published only if this transaction commits.
 */
@Injectable()
export class PositionIngestService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly settings: FleetSettingsService,
  ) {}

  async ingest(
    transaction: Transaction,
    organizationId: string,
    rows: readonly PositionRow[],
  ): Promise<IngestResult> {
    if (rows.length === 0) return { inserted: 0, alerts: [] };
    const { manager } = transaction;
    // Lock the vehicles first (in id order, so concurrent batches never deadlock on them).
    const ids = [...new Set(rows.map((row) => row.vehicleId))];
    const vehicles = await manager
      .createQueryBuilder(Vehicle, 'vehicle')
      .where('vehicle.organizationId = :organizationId', { organizationId })
      .andWhere('vehicle.id IN (:...ids)', { ids })
      .orderBy('vehicle.id')
      .setLock('pessimistic_write')
      .getMany();
    if (vehicles.length !== ids.length) {
      const known = new Set(vehicles.map((vehicle) => vehicle.id));
      throw new UnknownVehiclesError(ids.filter((id) => !known.has(id)));
    }
    // Only the count comes back: evaluation below takes the batch's positions
    // newer than each vehicle's last one, which a repeat of a stored position
    // never is (storing a position and moving its vehicle's last position
    // happen in one transaction, under the vehicle's row lock, held here).
    const [{ inserted }]: Array<{ inserted: number }> = await manager.query(
      `WITH stored AS (
         INSERT INTO vehicle_position (vehicle_id, at, organization_id, lat, lng, speed_kph, heading)
         SELECT t.vehicle_id, t.at, $1, t.lat, t.lng, t.speed_kph, t.heading
           FROM unnest($2::uuid[], $3::timestamptz[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
                AS t(vehicle_id, at, lat, lng, speed_kph, heading)
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS inserted FROM stored`,
      [
        organizationId,
        rows.map((row) => row.vehicleId),
        rows.map((row) => row.at.toISOString()),
        rows.map((row) => row.lat),
        rows.map((row) => row.lng),
        rows.map((row) => row.speedKph),
        rows.map((row) => row.heading),
      ],
    );
    if (inserted === 0) return { inserted: 0, alerts: [] };

    // Per vehicle, in time order, one position per time (a repeat within the batch was not stored).
    const byVehicle = new Map<string, Map<number, EvaluatedPosition>>();
    for (const row of rows) {
      let times = byVehicle.get(row.vehicleId);
      if (!times) byVehicle.set(row.vehicleId, (times = new Map<number, EvaluatedPosition>()));
      const time = row.at.getTime();
      if (!times.has(time)) times.set(time, row);
    }
    const [settings, geofences] = await Promise.all([
      this.settings.get(organizationId, manager),
      manager.find(Geofence, { where: { organizationId } }),
    ]);

    const raised: Array<RaisedAlert & { vehicleId: string }> = [];
    const moved: Vehicle[] = [];
    for (const vehicle of vehicles) {
      const positions = [...byVehicle.get(vehicle.id)!.values()].sort(
        (a, b) => a.at.getTime() - b.at.getTime(),
      );
      const previous = vehicle.lastPositionAt?.getTime() ?? null;
      for (const alert of evaluatePositions(vehicle, positions, settings, geofences)) {
        raised.push({ ...alert, vehicleId: vehicle.id });
      }
      if (vehicle.lastPositionAt && vehicle.lastPositionAt.getTime() !== previous) {
        moved.push(vehicle);
      }
    }
    await this.saveState(transaction, moved);
    const alerts = await this.raise(transaction, organizationId, raised);
    if (moved.length > 0) {
      const positions: LivePosition[] = moved.map((vehicle) => ({
        vehicleId: vehicle.id,
        at: vehicle.lastPositionAt!.toISOString(),
        lat: vehicle.lastLat!,
        lng: vehicle.lastLng!,
        speedKph: vehicle.lastSpeedKph,
        heading: vehicle.lastHeading,
      }));
      await this.outbox.publish(
        transaction,
        organizationId,
        vehiclePositionsTopic(organizationId),
        {
          positions,
        },
      );
    }
    return { inserted, alerts };
  }

  /** Stores alerts and announces them (subscription; Slack for CRITICAL ones). */
  async raise(
    transaction: Transaction,
    organizationId: string,
    raised: ReadonlyArray<RaisedAlert & { vehicleId: string }>,
  ): Promise<FleetAlert[]> {
    if (raised.length === 0) return [];
    const { manager } = transaction;
    const result = await manager.insert(
      FleetAlert,
      raised.map((alert) => ({
        organizationId,
        vehicleId: alert.vehicleId,
        kind: alert.kind,
        severity: alert.severity,
        message: alert.message,
        at: alert.at,
        geofenceId: alert.geofenceId,
      })),
    );
    const ids = result.identifiers.map((identifier) => identifier.id as string);
    const alerts = await manager.find(FleetAlert, { where: { organizationId, id: In(ids) } });
    for (const alert of alerts) {
      const event: FleetAlertEvent = { alertId: alert.id, vehicleId: alert.vehicleId };
      await this.outbox.publish(transaction, organizationId, fleetAlertTopic(organizationId), {
        ...event,
      });
      if (alert.severity === AlertSeverity.CRITICAL) {
        await this.outbox.enqueueJob(transaction, organizationId, {
          queue: QueueName.Notifications,
          name: 'slack-alert',
          payload: { alertId: alert.id },
        });
      }
    }
    return alerts;
  }

  private async saveState(transaction: Transaction, vehicles: readonly Vehicle[]): Promise<void> {
    if (vehicles.length === 0) return;
    const column = <K extends keyof Vehicle>(key: K) => vehicles.map((vehicle) => vehicle[key]);
    const times = (key: 'lastPositionAt' | 'speedingSince' | 'idleSince') =>
      vehicles.map((vehicle) => vehicle[key]?.toISOString() ?? null);
    await transaction.manager.query(
      `UPDATE vehicle SET
          last_position_at = t.last_position_at, last_lat = t.last_lat, last_lng = t.last_lng,
          last_speed_kph = t.last_speed_kph, last_heading = t.last_heading,
          speeding_since = t.speeding_since, speeding_alerted = t.speeding_alerted,
          idle_since = t.idle_since, idle_alerted = t.idle_alerted, stale_alerted = t.stale_alerted,
          updated_at = now()
         FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[],
                     $6::float8[], $7::timestamptz[], $8::boolean[], $9::timestamptz[],
                     $10::boolean[], $11::boolean[])
              AS t(id, last_position_at, last_lat, last_lng, last_speed_kph, last_heading,
                   speeding_since, speeding_alerted, idle_since, idle_alerted, stale_alerted)
        WHERE vehicle.id = t.id`,
      [
        column('id'),
        times('lastPositionAt'),
        column('lastLat'),
        column('lastLng'),
        column('lastSpeedKph'),
        column('lastHeading'),
        times('speedingSince'),
        column('speedingAlerted'),
        times('idleSince'),
        column('idleAlerted'),
        column('staleAlerted'),
      ],
    );
  }
}
