import { AlertKind, AlertSeverity } from './fleet.enums';
import { contains, PolygonGeometry } from './geometry';

/** Below this speed (km/h) a vehicle counts as standing still (GPS jitter is never exactly 0). */
export const IDLE_SPEED_KPH = 2;
/** SPEEDING at least this far over the limit (as a share of it) is CRITICAL. */
export const CRITICAL_SPEEDING_RATIO = 1.25;

export interface EvaluatedPosition {
  at: Date;
  lat: number;
  lng: number;
  speedKph: number | null;
  heading: number | null;
}

/** The per-vehicle state alert evaluation reads and writes (columns of `vehicle`). */
export interface VehicleAlertState {
  name: string;
  speedLimitKph: number | null;
  lastPositionAt: Date | null;
  lastLat: number | null;
  lastLng: number | null;
  lastSpeedKph: number | null;
  lastHeading: number | null;
  speedingSince: Date | null;
  speedingAlerted: boolean;
  idleSince: Date | null;
  idleAlerted: boolean;
  staleAlerted: boolean;
}

export interface AlertRules {
  defaultSpeedLimitKph: number;
  speedingMinSeconds: number;
  idleAfterMinutes: number;
}

export interface GeofenceShape {
  id: string;
  name: string;
  geometry: PolygonGeometry;
}

export interface RaisedAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  at: Date;
  geofenceId: string | null;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** A geofence with the bounding box of its outer ring: a point outside it is outside the polygon. */
export interface PreparedGeofence extends GeofenceShape {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** Computes each geofence's bounding box once (per batch), for the cheap test before turf's. */
export function prepareGeofences(geofences: readonly GeofenceShape[]): PreparedGeofence[] {
  return geofences.map((geofence) => {
    let minLng = Infinity;
    let minLat = Infinity;
    let maxLng = -Infinity;
    let maxLat = -Infinity;
    for (const [lng, lat] of geofence.geometry.coordinates[0] ?? []) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    return { ...geofence, minLng, minLat, maxLng, maxLat };
  });
}

/** Point in polygon (boundary inside), turf's test only for points inside the bounding box. */
function inFence(geofence: PreparedGeofence, lng: number, lat: number): boolean {
  return (
    lng >= geofence.minLng &&
    lng <= geofence.maxLng &&
    lat >= geofence.minLat &&
    lat <= geofence.maxLat &&
    contains(geofence.geometry, lng, lat)
  );
}

/**
 * Positions column by column (index i is one position), as the ingest path
 * holds them: times as epoch milliseconds.
 */
export interface PositionColumns {
  readonly at: ArrayLike<number>;
  readonly lat: ArrayLike<number>;
  readonly lng: ArrayLike<number>;
  readonly speedKph: ArrayLike<number | null>;
  readonly heading: ArrayLike<number | null>;
}

/**
 * Folds new positions (in time order) into a vehicle's state and returns the
 * alerts they raise. Positions not newer than the last known one change
 * nothing (late arrivals are stored but do not rewrite the present).
 *
 * - GEOFENCE_ENTER / EXIT: the previous and the current position fall on
 *   different sides of a geofence (turf point-in-polygon).
 * - SPEEDING: over the limit continuously for `speedingMinSeconds` of
 *   position time; one alert per episode, the episode ends at a position at
 *   or under the limit.
 * - IDLE: under IDLE_SPEED_KPH for `idleAfterMinutes` while positions keep
 *   coming (a reporting gateway means the engine is on); one per episode.
 * - A position ends a STALE_POSITION episode (the check raises it, see
 *   FleetAlertsService.checkStale).
 * Positions without a speed leave the speeding and idle episodes as they are.
 */
export function evaluatePositions(
  state: VehicleAlertState,
  positions: readonly EvaluatedPosition[],
  rules: AlertRules,
  geofences: readonly GeofenceShape[],
): RaisedAlert[] {
  const columns: PositionColumns = {
    at: positions.map((position) => position.at.getTime()),
    lat: positions.map((position) => position.lat),
    lng: positions.map((position) => position.lng),
    speedKph: positions.map((position) => position.speedKph),
    heading: positions.map((position) => position.heading),
  };
  const order = positions.map((_, index) => index);
  return evaluateSeries(state, columns, order, 0, order.length, rules, prepareGeofences(geofences));
}

/**
 * evaluatePositions over the positions `order[from..to)` of `columns` (in
 * time order): the ingest path's form, with no object per position and the
 * geofences' bounding boxes computed once per batch. Times are compared as
 * milliseconds; Dates are made only for the state written back and for the
 * alerts raised.
 */
export function evaluateSeries(
  state: VehicleAlertState,
  columns: PositionColumns,
  order: ArrayLike<number>,
  from: number,
  to: number,
  rules: AlertRules,
  geofences: readonly PreparedGeofence[],
): RaisedAlert[] {
  const alerts: RaisedAlert[] = [];
  const limit = state.speedLimitKph ?? rules.defaultSpeedLimitKph;
  const fences = geofences.length;
  let last = state.lastPositionAt ? state.lastPositionAt.getTime() : null;
  let lastIndex = -1;
  let speedingSince = state.speedingSince ? state.speedingSince.getTime() : null;
  let speedingAlerted = state.speedingAlerted;
  let idleSince = state.idleSince ? state.idleSince.getTime() : null;
  let idleAlerted = state.idleAlerted;
  // Inside or not, per geofence, at the last known position (null: none yet).
  let inside: boolean[] | null = null;
  let now: boolean[] = new Array<boolean>(fences).fill(false);
  if (state.lastLat !== null && state.lastLng !== null) {
    inside = new Array<boolean>(fences);
    for (let g = 0; g < fences; g++) {
      inside[g] = inFence(geofences[g], state.lastLng, state.lastLat);
    }
  }
  for (let k = from; k < to; k++) {
    const i = order[k];
    const at = columns.at[i];
    if (last !== null && at <= last) continue;
    const lat = columns.lat[i];
    const lng = columns.lng[i];
    for (let g = 0; g < fences; g++) now[g] = inFence(geofences[g], lng, lat);
    if (inside) {
      for (let g = 0; g < fences; g++) {
        const after = now[g];
        if (inside[g] === after) continue;
        const geofence = geofences[g];
        alerts.push({
          kind: after ? AlertKind.GEOFENCE_ENTER : AlertKind.GEOFENCE_EXIT,
          severity: AlertSeverity.INFO,
          message: `${state.name} ${after ? 'entered' : 'left'} ${geofence.name}`,
          at: new Date(at),
          geofenceId: geofence.id,
        });
      }
    }
    const speed = columns.speedKph[i];
    if (speed !== null) {
      if (speed > limit) {
        speedingSince ??= at;
        const seconds = (at - speedingSince) / 1000;
        if (!speedingAlerted && seconds >= rules.speedingMinSeconds) {
          speedingAlerted = true;
          alerts.push({
            kind: AlertKind.SPEEDING,
            severity:
              speed >= limit * CRITICAL_SPEEDING_RATIO
                ? AlertSeverity.CRITICAL
                : AlertSeverity.WARNING,
            message: `${state.name} over the ${round(limit)} km/h limit for ${Math.round(seconds)} s (${round(speed)} km/h)`,
            at: new Date(at),
            geofenceId: null,
          });
        }
      } else {
        speedingSince = null;
        speedingAlerted = false;
      }
      if (speed < IDLE_SPEED_KPH) {
        idleSince ??= at;
        const minutes = (at - idleSince) / 60_000;
        if (!idleAlerted && minutes >= rules.idleAfterMinutes) {
          idleAlerted = true;
          alerts.push({
            kind: AlertKind.IDLE,
            severity: AlertSeverity.INFO,
            message: `${state.name} idle for ${Math.round(minutes)} min`,
            at: new Date(at),
            geofenceId: null,
          });
        }
      } else {
        idleSince = null;
        idleAlerted = false;
      }
    }
    const previous = inside;
    inside = now;
    now = previous ?? new Array<boolean>(fences).fill(false);
    last = at;
    lastIndex = i;
  }
  if (lastIndex === -1) return alerts;
  state.staleAlerted = false;
  state.lastPositionAt = new Date(last!);
  state.lastLat = columns.lat[lastIndex];
  state.lastLng = columns.lng[lastIndex];
  state.lastSpeedKph = columns.speedKph[lastIndex];
  state.lastHeading = columns.heading[lastIndex];
  state.speedingSince = speedingSince === null ? null : new Date(speedingSince);
  state.speedingAlerted = speedingAlerted;
  state.idleSince = idleSince === null ? null : new Date(idleSince);
  state.idleAlerted = idleAlerted;
  return alerts;
}
