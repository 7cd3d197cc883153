import { Injectable } from '@nestjs/common';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { QueueName } from '@/messaging/queue-names';
import { Transaction } from '@/database/transaction.service';
import { evaluateSeries, prepareGeofences } from './alert-evaluator';
import { FleetAlert } from './fleet-alert.entity';
import { FLEET_DEFAULTS } from './fleet-settings.entity';
import { fleetAlertTopic, LivePosition, vehiclePositionsTopic } from './fleet-topics';
import { PositionBatch } from './position-batch';
import {
  AlertToRaise,
  LockedVehicle,
  LockedVehicleTuple,
  VehiclePositionRepository,
} from './vehicle-position.repository';

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
  constructor(
    private readonly outbox: OutboxService,
    private readonly positions: VehiclePositionRepository,
  ) {}

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
    const row = await this.positions.store(transaction.manager, organizationId, batch);
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
    const positions: LivePosition[] = moved.map((vehicle) => ({
      vehicleId: vehicle.id,
      at: vehicle.lastPositionAt!.toISOString(),
      lat: vehicle.lastLat!,
      lng: vehicle.lastLng!,
      speedKph: vehicle.lastSpeedKph,
      heading: vehicle.lastHeading,
    }));
    const alerts = await this.positions.write(transaction.manager, organizationId, moved, raised, {
      positionsTopic: vehiclePositionsTopic(organizationId),
      positionsPayload: positions.length > 0 ? JSON.stringify({ positions }) : null,
      alertTopic: fleetAlertTopic(organizationId),
      notificationsQueue: QueueName.Notifications,
    });
    this.outbox.written(transaction);
    return alerts;
  }
}
