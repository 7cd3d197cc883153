import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NamedStatement, NamedStatements } from '@/database/named-statement';
import { automationTriggerRows } from '@/messaging/outbox/automation-trigger';
import { outboxInsertSql } from '@/messaging/outbox/outbox.service';
import { AlertRules, GeofenceShape, RaisedAlert, VehicleAlertState } from './alert-evaluator';
import { FleetAlert } from './fleet-alert.entity';
import { AlertKind, AlertSeverity } from './fleet.enums';
import { arrayLiteral, PositionBatch } from './position-batch';

/** A vehicle locked by an ingest, with its alert state (times as Dates). */
export type LockedVehicle = VehicleAlertState & { id: string };

/** An alert to store, for one vehicle. */
export type AlertToRaise = RaisedAlert & { vehicleId: string };

/**
 * A locked vehicle as the first statement returns it (a JSON array, in this
 * order; times as epoch milliseconds).
 */
export type LockedVehicleTuple = [
  id: string,
  name: string,
  speedLimitKph: number | null,
  lastPositionAt: number | null,
  lastLat: number | null,
  lastLng: number | null,
  lastSpeedKph: number | null,
  lastHeading: number | null,
  speedingSince: number | null,
  speedingAlerted: boolean,
  idleSince: number | null,
  idleAlerted: boolean,
  staleAlerted: boolean,
];

/** What STORE returns: the count stored, the locked vehicles and the alert rules. */
export interface StoredBatch {
  inserted: number;
  vehicles: LockedVehicleTuple[] | null;
  settings: AlertRules | null;
  geofences: GeofenceShape[] | null;
}

/** The outbox rows WRITE adds along with the alerts. */
export interface IngestEvents {
  /** Topic of the batch's `fleet.positions` event. */
  positionsTopic: string;
  /** Its JSON payload; null: no event (no vehicle moved). */
  positionsPayload: string | null;
  /** Topic of the per-alert `fleet.alert` events. */
  alertTopic: string;
  /** Queue of the Slack job per CRITICAL alert. */
  notificationsQueue: string;
}

/** A point of a track (contract type `Position`). */
export interface PositionPoint {
  at: Date;
  lat: number;
  lng: number;
  speedKph: number | null;
  heading: number | null;
}

interface RaisedAlertRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  vehicle_id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  at: Date;
  geofence_id: string | null;
}

const epoch = (ms: string) => `'epoch'::timestamptz + ${ms} * interval '1 millisecond'`;

/**
 * Locks the batch's vehicles, stores its positions and reads back the
 * vehicles' state and the alert rules (see ingest).
 */
const STORE: NamedStatement = {
  name: 'fleet.ingest.store',
  text: `WITH locked AS (
      SELECT id, name, speed_limit_kph, last_position_at, last_lat, last_lng, last_speed_kph,
             last_heading, speeding_since, speeding_alerted, idle_since, idle_alerted,
             stale_alerted
        FROM vehicle
       WHERE organization_id = $1 AND id = ANY($2::uuid[])
       ORDER BY id
         FOR UPDATE),
    stored AS (
      INSERT INTO vehicle_position (vehicle_id, at, organization_id, lat, lng, speed_kph, heading)
      SELECT ($2::uuid[])[t.vehicle + 1], 'epoch'::timestamptz + t.ms * interval '1 millisecond',
             $1, t.lat, t.lng, t.speed_kph, t.heading
        FROM unnest($3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
             AS t(vehicle, ms, lat, lng, speed_kph, heading)
       WHERE (SELECT count(*) FROM locked) = $9
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT (SELECT count(*)::int FROM stored) AS inserted,
           (SELECT json_agg(json_build_array(
                     id, name, speed_limit_kph,
                     floor(extract(epoch FROM last_position_at) * 1000),
                     last_lat, last_lng, last_speed_kph, last_heading,
                     floor(extract(epoch FROM speeding_since) * 1000), speeding_alerted,
                     floor(extract(epoch FROM idle_since) * 1000), idle_alerted, stale_alerted)
                     ORDER BY id)
              FROM locked) AS vehicles,
           (SELECT json_build_object(
                     'defaultSpeedLimitKph', default_speed_limit_kph,
                     'speedingMinSeconds', speeding_min_seconds,
                     'idleAfterMinutes', idle_after_minutes)
              FROM fleet_settings WHERE organization_id = $1) AS settings,
           (SELECT json_agg(json_build_object('id', id, 'name', name, 'geometry', geometry)
                            ORDER BY created_at, id)
              FROM geofence WHERE organization_id = $1) AS geofences`,
};

/** Writes back moved vehicles, inserts alerts and their outbox rows (see write). */
const WRITE: NamedStatement = {
  name: 'fleet.ingest.write',
  text: `WITH moved AS (
      UPDATE vehicle SET
         last_position_at = ${epoch('t.last_position_at')}, last_lat = t.last_lat,
         last_lng = t.last_lng, last_speed_kph = t.last_speed_kph,
         last_heading = t.last_heading, speeding_since = ${epoch('t.speeding_since')},
         speeding_alerted = t.speeding_alerted, idle_since = ${epoch('t.idle_since')},
         idle_alerted = t.idle_alerted, stale_alerted = t.stale_alerted, updated_at = now()
        FROM unnest($2::uuid[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                    $7::float8[], $8::float8[], $9::boolean[], $10::float8[], $11::boolean[],
                    $12::boolean[])
             AS t(id, last_position_at, last_lat, last_lng, last_speed_kph, last_heading,
                  speeding_since, speeding_alerted, idle_since, idle_alerted, stale_alerted)
       WHERE vehicle.id = t.id AND vehicle.organization_id = $1),
    raised AS (
      INSERT INTO fleet_alert (organization_id, vehicle_id, kind, severity, message, at, geofence_id,
                               notification_id)
      SELECT $1, a.vehicle_id, a.kind::fleet_alert_kind, a.severity::fleet_alert_severity,
             a.message, a.at, a.geofence_id,
             -- A CRITICAL alert's Slack job: its outbox event id, for the reconciler.
             CASE WHEN a.severity = 'CRITICAL' THEN gen_random_uuid() END
        FROM unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::timestamptz[],
                    $18::uuid[]) AS a(vehicle_id, kind, severity, message, at, geofence_id)
      RETURNING id, created_at, updated_at, vehicle_id, kind, severity, message, at, geofence_id,
                notification_id),
    events AS (
      ${outboxInsertSql(
        {
          organizationId: '$1',
          topic: '$19',
          payload: '$20::jsonb',
          from: 'WHERE $20::jsonb IS NOT NULL',
        },
        {
          organizationId: '$1',
          topic: '$21',
          payload: `jsonb_build_object('alertId', id, 'vehicleId', vehicle_id)`,
          from: 'FROM raised',
        },
        {
          id: 'notification_id',
          organizationId: '$1',
          job: { queue: '$22', name: `'slack-alert'` },
          payload: `jsonb_build_object('organizationId', $1::uuid, 'alertId', id)`,
          from: 'FROM raised WHERE notification_id IS NOT NULL',
        },
        // FLEET_ALERT automations (when the organization has one enabled).
        automationTriggerRows({
          trigger: 'FLEET_ALERT',
          organizationId: '$1',
          subjectId: 'id',
          from: 'FROM raised',
        }),
      )})
    SELECT id, created_at, updated_at, vehicle_id, kind, severity, message, at, geofence_id
      FROM raised`,
};

/**
 * The SQL of positions: the two ingest statements (hot path: named prepared
 * statements, columns sent as array literals), tracks and retention. Every
 * statement is scoped to the organization it is given, except retention,
 * which spans all organizations by design.
 */
@Injectable()
export class VehiclePositionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: NamedStatements,
  ) {}

  /**
   * STORE, in the transaction of `manager`: locks the batch's vehicles (in
   * id order), stores its positions once every one is locked and known, and
   * reads back their state and the organization's alert rules. Vehicles go
   * as 0-based indexes into the distinct ids, times as epoch milliseconds,
   * each column one array literal.
   */
  async store(
    manager: EntityManager,
    organizationId: string,
    batch: PositionBatch,
  ): Promise<StoredBatch> {
    const ids = batch.vehicleIds;
    const [row] = await this.statements.run<StoredBatch>(manager, STORE, [
      organizationId,
      arrayLiteral(ids),
      arrayLiteral(batch.vehicle),
      arrayLiteral(batch.at),
      arrayLiteral(batch.lat),
      arrayLiteral(batch.lng),
      arrayLiteral(batch.speedKph),
      arrayLiteral(batch.heading),
      ids.length,
    ]);
    return row;
  }

  /**
   * WRITE, in the transaction of `manager`: the moved vehicles' last
   * position and alert state, the alerts, and their outbox rows. Returns
   * the stored alerts.
   */
  async write(
    manager: EntityManager,
    organizationId: string,
    moved: readonly LockedVehicle[],
    raised: readonly AlertToRaise[],
    events: IngestEvents,
  ): Promise<FleetAlert[]> {
    const ms = (value: Date | null) => (value === null ? null : value.getTime());
    const column = <T extends string | number | boolean | null>(
      pick: (vehicle: LockedVehicle) => T,
    ) => arrayLiteral(moved.map(pick));
    const rows = await this.statements.run<RaisedAlertRow>(manager, WRITE, [
      organizationId,
      column((vehicle) => vehicle.id),
      column((vehicle) => ms(vehicle.lastPositionAt)),
      column((vehicle) => vehicle.lastLat),
      column((vehicle) => vehicle.lastLng),
      column((vehicle) => vehicle.lastSpeedKph),
      column((vehicle) => vehicle.lastHeading),
      column((vehicle) => ms(vehicle.speedingSince)),
      column((vehicle) => vehicle.speedingAlerted),
      column((vehicle) => ms(vehicle.idleSince)),
      column((vehicle) => vehicle.idleAlerted),
      column((vehicle) => vehicle.staleAlerted),
      // Alerts are few and their messages free text (vehicle and geofence
      // names): node-postgres' own array serialization.
      raised.map((alert) => alert.vehicleId),
      raised.map((alert) => alert.kind),
      raised.map((alert) => alert.severity),
      raised.map((alert) => alert.message),
      raised.map((alert) => alert.at.toISOString()),
      raised.map((alert) => alert.geofenceId),
      events.positionsTopic,
      events.positionsPayload,
      events.alertTopic,
      events.notificationsQueue,
    ]);
    return rows.map((alert) =>
      Object.assign(new FleetAlert(), {
        id: alert.id,
        createdAt: alert.created_at,
        updatedAt: alert.updated_at,
        organizationId,
        vehicleId: alert.vehicle_id,
        kind: alert.kind,
        severity: alert.severity,
        message: alert.message,
        at: alert.at,
        geofenceId: alert.geofence_id,
        acknowledgedAt: null,
        acknowledgedById: null,
      }),
    );
  }

  /**
   * A vehicle's positions in [from, to], thinned in SQL to at most
   * `maxPoints`: every k-th point by time, k = ceil(count / maxPoints), so a
   * month at 1 Hz reads through the (vehicle_id, at) index and sends back at
   * most maxPoints rows.
   */
  async track(
    organizationId: string,
    vehicleId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<PositionPoint[]> {
    const rows: Array<{
      at: Date;
      lat: number;
      lng: number;
      speed_kph: number | null;
      heading: number | null;
    }> = await this.dataSource.query(
      `SELECT at, lat, lng, speed_kph, heading FROM (
           SELECT at, lat, lng, speed_kph, heading,
                  row_number() OVER (ORDER BY at) - 1 AS index,
                  count(*) OVER () AS total
             FROM vehicle_position
            WHERE organization_id = $1 AND vehicle_id = $2 AND at >= $3 AND at <= $4
         ) numbered
         WHERE total <= $5 OR index % ceil(total::numeric / $5)::bigint = 0
         ORDER BY at`,
      [organizationId, vehicleId, from.toISOString(), to.toISOString(), limit],
    );
    return rows.map((row) => ({
      at: new Date(row.at),
      lat: row.lat,
      lng: row.lng,
      speedKph: row.speed_kph,
      heading: row.heading,
    }));
  }

  /**
   * Deletes up to `batch` positions (of every organization: retention is
   * one policy) older than `retentionDays`; returns how many.
   */
  async pruneOlderThan(retentionDays: number, batch: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM vehicle_position WHERE (vehicle_id, at) IN (
           SELECT vehicle_id, at FROM vehicle_position
            WHERE at < now() - make_interval(days => $1)
            LIMIT $2)`,
      [retentionDays, batch],
    );
    return count;
  }
}
