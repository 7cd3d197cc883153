import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { databaseConfig } from '@/config/configuration';
import { NamedStatement, runStatement } from '@/database/named-statement';
import { Transaction } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import {
  AlertRules,
  evaluateSeries,
  GeofenceShape,
  prepareGeofences,
  RaisedAlert,
  VehicleAlertState,
} from './alert-evaluator';
import { FleetAlert } from './fleet-alert.entity';
import { FLEET_DEFAULTS } from './fleet-settings.entity';
import { AlertKind, AlertSeverity } from './fleet.enums';
import { fleetAlertTopic, LivePosition, vehiclePositionsTopic } from './fleet-topics';

type LockedVehicle = VehicleAlertState & { id: string };

/**
 * A locked vehicle as the first statement returns it (a JSON array, in this
 * order; times as epoch milliseconds).
 */
type LockedVehicleTuple = [
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

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

const toVehicleState = (row: LockedVehicleTuple): LockedVehicle => ({
  id: row[0],
  name: row[1],
  speedLimitKph: row[2],
  lastPositionAt: date(row[3]),
  lastLat: row[4],
  lastLng: row[5],
  lastSpeedKph: row[6],
  lastHeading: row[7],
  speedingSince: date(row[8]),
  speedingAlerted: row[9],
  idleSince: date(row[10]),
  idleAlerted: row[11],
  staleAlerted: row[12],
});

/**
 * A Postgres array literal of strings and numbers (null: NULL), for an
 * `unnest($n::type[])` parameter: JSON's quoting of strings (`"`, `\\`) is
 * the array syntax's, so an element can never split or merge; it is much
 * cheaper than node-postgres' element-by-element array serialization. Only
 * for numbers, booleans and strings without control characters (ids):
 * JSON's other escapes (`\n`, `\u0001`) are not the array syntax's.
 */
export const arrayLiteral = (values: ReadonlyArray<string | number | boolean | null>): string => {
  const json = JSON.stringify(values);
  return `{${json.slice(1, -1)}}`;
};

/**
 * Positions to store, column by column (one index per position; times as
 * epoch milliseconds), vehicles as indexes into the batch's distinct ids.
 * Both ingest paths fill one as they read their input: no object per
 * position, and the columns are what the statement sends.
 */
export class PositionBatch {
  /** The distinct vehicle ids, in order of first appearance. */
  readonly vehicleIds: string[] = [];
  /** Per position, the index of its vehicle in `vehicleIds`. */
  readonly vehicle: number[] = [];
  readonly at: number[] = [];
  readonly lat: number[] = [];
  readonly lng: number[] = [];
  readonly speedKph: Array<number | null> = [];
  readonly heading: Array<number | null> = [];
  private readonly indexes = new Map<string, number>();

  get length(): number {
    return this.at.length;
  }

  add(
    vehicleId: string,
    at: number,
    lat: number,
    lng: number,
    speedKph: number | null,
    heading: number | null,
  ): void {
    let index = this.indexes.get(vehicleId);
    if (index === undefined) {
      index = this.vehicleIds.length;
      this.indexes.set(vehicleId, index);
      this.vehicleIds.push(vehicleId);
    }
    this.vehicle.push(index);
    this.at.push(at);
    this.lat.push(lat);
    this.lng.push(lng);
    this.speedKph.push(speedKph);
    this.heading.push(heading);
  }

  indexOf(vehicleId: string): number | undefined {
    return this.indexes.get(vehicleId);
  }

  /**
   * Position indexes grouped by vehicle (`order[starts[v] .. starts[v + 1])`
   * are vehicle v's), each group in time order; equal times keep their
   * order in the batch.
   */
  byVehicle(): { order: Int32Array; starts: Int32Array } {
    const vehicles = this.vehicleIds.length;
    const count = this.length;
    const starts = new Int32Array(vehicles + 1);
    for (let i = 0; i < count; i++) starts[this.vehicle[i] + 1] += 1;
    for (let v = 0; v < vehicles; v++) starts[v + 1] += starts[v];
    const next = starts.slice(0, vehicles);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[next[this.vehicle[i]]++] = i;
    const at = this.at;
    for (let v = 0; v < vehicles; v++) {
      const from = starts[v];
      const to = starts[v + 1];
      let sorted = true;
      for (let k = from + 1; k < to && sorted; k++) sorted = at[order[k - 1]] <= at[order[k]];
      if (!sorted) {
        // Stable: equal times keep batch order, so the first one is evaluated (and stored).
        order.subarray(from, to).sort((a, b) => at[a] - at[b] || a - b);
      }
    }
    return { order, starts };
  }
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
      INSERT INTO fleet_alert (organization_id, vehicle_id, kind, severity, message, at, geofence_id)
      SELECT $1, a.vehicle_id, a.kind::fleet_alert_kind, a.severity::fleet_alert_severity,
             a.message, a.at, a.geofence_id
        FROM unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::timestamptz[],
                    $18::uuid[]) AS a(vehicle_id, kind, severity, message, at, geofence_id)
      RETURNING id, created_at, updated_at, vehicle_id, kind, severity, message, at, geofence_id),
    events AS (
      INSERT INTO outbox_event (organization_id, topic, queue, job_name, payload)
      SELECT $1, $19, NULL, NULL, $20::jsonb WHERE $20::jsonb IS NOT NULL
      UNION ALL
      SELECT $1, $21, NULL, NULL, jsonb_build_object('alertId', id, 'vehicleId', vehicle_id)
        FROM raised
      UNION ALL
      SELECT $1, NULL, $22, 'slack-alert', jsonb_build_object('alertId', id)
        FROM raised WHERE severity = 'CRITICAL')
    SELECT * FROM raised`,
};

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

type AlertToRaise = RaisedAlert & { vehicleId: string };

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

/**
 * The one way positions enter the database, for GraphQL ingest and the
 * Samsara poller alike, inside the caller's transaction, in two statements:
 *
 * 1. the vehicles concerned are locked (in id order; all must be the
 *    organization's), the positions inserted (INSERT … ON CONFLICT DO
 *    NOTHING: a (vehicle, time) already stored is skipped, so a retried batch
 *    stores nothing twice), and the organization's alert rules and
 *    geofences read; then the alert state is folded over the positions newer
 *    than each vehicle's last one (alert-evaluator.ts);
 * 2. one statement writes back every moved vehicle's last position and
 *    state, inserts the alerts, and adds the outbox rows: one
 *    `fleet.positions` event (newest position per moved vehicle), one
 *    `fleet.alert` event per alert and a Slack job per CRITICAL alert, all
 *    published only if this transaction commits.
 */
@Injectable()
export class PositionIngestService {
  /** Named prepared statements (not on embedded PostgreSQL: see runStatement). */
  private readonly prepared: boolean;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(databaseConfig.KEY) database: ConfigType<typeof databaseConfig>,
  ) {
    this.prepared = !database.embedded;
  }

  async ingest(
    transaction: Transaction,
    organizationId: string,
    batch: PositionBatch,
  ): Promise<IngestResult> {
    if (batch.length === 0) return { inserted: 0, alerts: [] };
    const ids = batch.vehicleIds;
    // One statement: lock the vehicles (in id order, so concurrent batches
    // never deadlock on them) and, only once every one of them is locked and
    // known (the one-time filter on the count runs before any row is
    // inserted), store the positions; with the count, the locked vehicles'
    // state and the alert rules come back (as JSON: one value to parse).
    // Evaluation below takes the batch's positions newer than each vehicle's
    // last one, which a repeat of a stored position never is (storing a
    // position and moving its vehicle's last position happen in one
    // transaction, under the vehicle's row lock).
    // Vehicles go as 0-based indexes into the distinct ids, times as epoch
    // milliseconds (what a Date holds, exactly), each column one array
    // literal: less to encode, send and parse than a uuid and an ISO time per
    // position.
    const [row] = await runStatement<{
      inserted: number;
      vehicles: LockedVehicleTuple[] | null;
      settings: AlertRules | null;
      geofences: GeofenceShape[] | null;
    }>(transaction.manager, this.prepared, STORE, [
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
    const locked = row.vehicles ?? [];
    if (locked.length !== ids.length) {
      const known = new Set(locked.map((vehicle) => vehicle[0]));
      throw new UnknownVehiclesError(ids.filter((id) => !known.has(id)));
    }
    const inserted = row.inserted;
    if (inserted === 0) return { inserted: 0, alerts: [] };
    const settings = row.settings ?? FLEET_DEFAULTS;
    const geofences = prepareGeofences(row.geofences ?? []);

    const { order, starts } = batch.byVehicle();
    const raised: AlertToRaise[] = [];
    const moved: LockedVehicle[] = [];
    for (const tuple of locked) {
      const vehicle = toVehicleState(tuple);
      const index = batch.indexOf(vehicle.id)!;
      const previous = vehicle.lastPositionAt;
      const alerts = evaluateSeries(
        vehicle,
        batch,
        order,
        starts[index],
        starts[index + 1],
        settings,
        geofences,
      );
      for (const alert of alerts) raised.push({ ...alert, vehicleId: vehicle.id });
      if (vehicle.lastPositionAt !== previous) moved.push(vehicle);
    }
    const alerts = await this.write(transaction, organizationId, moved, raised);
    return { inserted, alerts };
  }

  /** Stores alerts and announces them (subscription; Slack for CRITICAL ones). */
  raise(
    transaction: Transaction,
    organizationId: string,
    raised: readonly AlertToRaise[],
  ): Promise<FleetAlert[]> {
    return this.write(transaction, organizationId, [], raised);
  }

  /**
   * One statement: the moved vehicles' last position and alert state, the
   * alerts, and their outbox rows (the batch's `fleet.positions` event, a
   * `fleet.alert` event per alert, a Slack job per CRITICAL alert). The
   * relay is woken once the transaction commits.
   */
  private async write(
    transaction: Transaction,
    organizationId: string,
    moved: readonly LockedVehicle[],
    raised: readonly AlertToRaise[],
  ): Promise<FleetAlert[]> {
    if (moved.length === 0 && raised.length === 0) return [];
    const ms = (value: Date | null) => (value === null ? null : value.getTime());
    const column = <T extends string | number | boolean | null>(
      pick: (vehicle: LockedVehicle) => T,
    ) => arrayLiteral(moved.map(pick));
    const positions: LivePosition[] = moved.map((vehicle) => ({
      vehicleId: vehicle.id,
      at: vehicle.lastPositionAt!.toISOString(),
      lat: vehicle.lastLat!,
      lng: vehicle.lastLng!,
      speedKph: vehicle.lastSpeedKph,
      heading: vehicle.lastHeading,
    }));
    const rows = await runStatement<RaisedAlertRow>(transaction.manager, this.prepared, WRITE, [
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
      vehiclePositionsTopic(organizationId),
      positions.length > 0 ? JSON.stringify({ positions }) : null,
      fleetAlertTopic(organizationId),
      QueueName.Notifications,
    ]);
    this.outbox.written(transaction);
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
}
