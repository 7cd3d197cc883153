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
  const alerts: RaisedAlert[] = [];
  const limit = state.speedLimitKph ?? rules.defaultSpeedLimitKph;
  // Inside or not, per geofence, at the last known position (null: none yet).
  let inside: boolean[] | null =
    state.lastLat !== null && state.lastLng !== null
      ? geofences.map((geofence) => contains(geofence.geometry, state.lastLng!, state.lastLat!))
      : null;
  for (const position of positions) {
    if (state.lastPositionAt && position.at.getTime() <= state.lastPositionAt.getTime()) continue;
    const now = geofences.map((geofence) =>
      contains(geofence.geometry, position.lng, position.lat),
    );
    if (inside) {
      for (const [index, geofence] of geofences.entries()) {
        const after = now[index];
        if (inside[index] === after) continue;
        alerts.push({
          kind: after ? AlertKind.GEOFENCE_ENTER : AlertKind.GEOFENCE_EXIT,
          severity: AlertSeverity.INFO,
          message: `${state.name} ${after ? 'entered' : 'left'} ${geofence.name}`,
          at: position.at,
          geofenceId: geofence.id,
        });
      }
    }
    const speed = position.speedKph;
    if (speed !== null) {
      if (speed > limit) {
        state.speedingSince ??= position.at;
        const seconds = (position.at.getTime() - state.speedingSince.getTime()) / 1000;
        if (!state.speedingAlerted && seconds >= rules.speedingMinSeconds) {
          state.speedingAlerted = true;
          alerts.push({
            kind: AlertKind.SPEEDING,
            severity:
              speed >= limit * CRITICAL_SPEEDING_RATIO
                ? AlertSeverity.CRITICAL
                : AlertSeverity.WARNING,
            message: `${state.name} over the ${round(limit)} km/h limit for ${Math.round(seconds)} s (${round(speed)} km/h)`,
            at: position.at,
            geofenceId: null,
          });
        }
      } else {
        state.speedingSince = null;
        state.speedingAlerted = false;
      }
      if (speed < IDLE_SPEED_KPH) {
        state.idleSince ??= position.at;
        const minutes = (position.at.getTime() - state.idleSince.getTime()) / 60_000;
        if (!state.idleAlerted && minutes >= rules.idleAfterMinutes) {
          state.idleAlerted = true;
          alerts.push({
            kind: AlertKind.IDLE,
            severity: AlertSeverity.INFO,
            message: `${state.name} idle for ${Math.round(minutes)} min`,
            at: position.at,
            geofenceId: null,
          });
        }
      } else {
        state.idleSince = null;
        state.idleAlerted = false;
      }
    }
    inside = now;
    state.staleAlerted = false;
    state.lastPositionAt = position.at;
    state.lastLat = position.lat;
    state.lastLng = position.lng;
    state.lastSpeedKph = position.speedKph;
    state.lastHeading = position.heading;
  }
  return alerts;
}
