import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Transaction } from '../../database/transaction.service';
import { OutboxService } from '../../queue/outbox/outbox.service';
import { QueueName } from '../../queue/queue-names';
import {
  AlertRules,
  evaluatePositions,
  EvaluatedPosition,
  GeofenceShape,
  RaisedAlert,
  VehicleAlertState,
} from './alert-evaluator';
import { FleetAlert } from './fleet-alert.entity';
import { FLEET_DEFAULTS } from './fleet-settings.entity';
import { AlertSeverity } from './fleet.enums';
import {
  FleetAlertEvent,
  fleetAlertTopic,
  LivePosition,
  vehiclePositionsTopic,
} from './fleet-topics';

/** The vehicle columns alert evaluation reads and writes, as the lock returns them. */
interface LockedVehicleRow {
  id: string;
  name: string;
  speed_limit_kph: number | null;
  last_position_at: Date | null;
  last_lat: number | null;
  last_lng: number | null;
  last_speed_kph: number | null;
  last_heading: number | null;
  speeding_since: Date | null;
  speeding_alerted: boolean;
  idle_since: Date | null;
  idle_alerted: boolean;
  stale_alerted: boolean;
}

type LockedVehicle = VehicleAlertState & { id: string };

const toVehicleState = (row: LockedVehicleRow): LockedVehicle => ({
  id: row.id,
  name: row.name,
  speedLimitKph: row.speed_limit_kph,
  lastPositionAt: row.last_position_at,
  lastLat: row.last_lat,
  lastLng: row.last_lng,
  lastSpeedKph: row.last_speed_kph,
  lastHeading: row.last_heading,
  speedingSince: row.speeding_since,
  speedingAlerted: row.speeding_alerted,
  idleSince: row.idle_since,
  idleAlerted: row.idle_alerted,
  staleAlerted: row.stale_alerted,
});

/**
 * A Postgres array literal of strings and numbers (null: NULL), for an
 * `unnest($n::type[])` parameter: JSON's quoting of strings (`"`, `\\`) is
 * the array syntax's, so an element can never split or merge; it is much
 * cheaper than node-postgres' element-by-element array serialization.
 */
export const arrayLiteral = (values: ReadonlyArray<string | number | null>): string => {
  const json = JSON.stringify(values);
  return `{${json.slice(1, -1)}}`;
};

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
  constructor(private readonly outbox: OutboxService) {}

  async ingest(
    transaction: Transaction,
    organizationId: string,
    rows: readonly PositionRow[],
  ): Promise<IngestResult> {
    if (rows.length === 0) return { inserted: 0, alerts: [] };
    const { manager } = transaction;
    const index = new Map<string, number>();
    for (const row of rows) {
      if (!index.has(row.vehicleId)) index.set(row.vehicleId, index.size + 1);
    }
    const ids = [...index.keys()];
    // One statement: lock the vehicles (in id order, so concurrent batches
    // never deadlock on them) and, only once every one of them is locked and
    // known (the one-time filter on the count runs before any row is
    // inserted), store the positions. Only the count comes back: evaluation
    // below takes the batch's positions newer than each vehicle's last one,
    // which a repeat of a stored position never is (storing a position and
    // moving its vehicle's last position happen in one transaction, under the
    // vehicle's row lock).
    const locked: Array<LockedVehicleRow & { inserted: number }> = await manager.query(
      `WITH locked AS (
         SELECT id, name, speed_limit_kph, last_position_at, last_lat, last_lng, last_speed_kph,
                last_heading, speeding_since, speeding_alerted, idle_since, idle_alerted,
                stale_alerted
           FROM vehicle
          WHERE organization_id = $1 AND id = ANY($2::uuid[])
          ORDER BY id
            FOR UPDATE),
       stored AS (
         INSERT INTO vehicle_position (vehicle_id, at, organization_id, lat, lng, speed_kph, heading)
         SELECT ($2::uuid[])[t.vehicle], 'epoch'::timestamptz + t.ms * interval '1 millisecond', $1,
                t.lat, t.lng, t.speed_kph, t.heading
           FROM unnest($3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
                AS t(vehicle, ms, lat, lng, speed_kph, heading)
          WHERE (SELECT count(*) FROM locked) = $9
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT locked.*, (SELECT count(*)::int FROM stored) AS inserted FROM locked ORDER BY id`,
      // Vehicles as 1-based indexes into the distinct ids and times as epoch
      // milliseconds (what a Date holds, exactly): less to encode and send
      // than a uuid and an ISO time per position.
      [
        organizationId,
        arrayLiteral(ids),
        arrayLiteral(rows.map((row) => index.get(row.vehicleId)!)),
        arrayLiteral(rows.map((row) => row.at.getTime())),
        arrayLiteral(rows.map((row) => row.lat)),
        arrayLiteral(rows.map((row) => row.lng)),
        arrayLiteral(rows.map((row) => row.speedKph)),
        arrayLiteral(rows.map((row) => row.heading)),
        ids.length,
      ],
    );
    if (locked.length !== ids.length) {
      const known = new Set(locked.map((vehicle) => vehicle.id));
      throw new UnknownVehiclesError(ids.filter((id) => !known.has(id)));
    }
    const inserted = locked[0].inserted;
    if (inserted === 0) return { inserted: 0, alerts: [] };
    const vehicles = locked.map(toVehicleState);

    // Per vehicle, in time order, one position per time (a repeat within the batch was not stored).
    const byVehicle = new Map<string, Map<number, EvaluatedPosition>>();
    for (const row of rows) {
      let times = byVehicle.get(row.vehicleId);
      if (!times) byVehicle.set(row.vehicleId, (times = new Map<number, EvaluatedPosition>()));
      const time = row.at.getTime();
      if (!times.has(time)) times.set(time, row);
    }
    const { settings, geofences } = await this.rules(transaction, organizationId);

    const raised: Array<RaisedAlert & { vehicleId: string }> = [];
    const moved: LockedVehicle[] = [];
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

  /** The organization's alert rules and geofences, in one round trip. */
  private async rules(
    transaction: Transaction,
    organizationId: string,
  ): Promise<{ settings: AlertRules; geofences: GeofenceShape[] }> {
    const [row]: Array<{
      settings: {
        defaultSpeedLimitKph: number;
        speedingMinSeconds: number;
        idleAfterMinutes: number;
      } | null;
      geofences: GeofenceShape[] | null;
    }> = await transaction.manager.query(
      `SELECT (SELECT json_build_object(
                        'defaultSpeedLimitKph', default_speed_limit_kph,
                        'speedingMinSeconds', speeding_min_seconds,
                        'idleAfterMinutes', idle_after_minutes)
                 FROM fleet_settings WHERE organization_id = $1) AS settings,
              (SELECT json_agg(json_build_object('id', id, 'name', name, 'geometry', geometry)
                               ORDER BY created_at, id)
                 FROM geofence WHERE organization_id = $1) AS geofences`,
      [organizationId],
    );
    return { settings: row.settings ?? FLEET_DEFAULTS, geofences: row.geofences ?? [] };
  }

  private async saveState(
    transaction: Transaction,
    vehicles: readonly LockedVehicle[],
  ): Promise<void> {
    if (vehicles.length === 0) return;
    const column = <K extends keyof LockedVehicle>(key: K) =>
      vehicles.map((vehicle) => vehicle[key]);
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
