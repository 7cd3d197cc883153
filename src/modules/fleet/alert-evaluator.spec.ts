import { evaluatePositions, VehicleAlertState } from './alert-evaluator';
import { AlertKind, AlertSeverity } from './fleet.enums';

const rules = { defaultSpeedLimitKph: 100, speedingMinSeconds: 60, idleAfterMinutes: 5 };
const t0 = Date.parse('2026-01-01T00:00:00Z');

function state(overrides: Partial<VehicleAlertState> = {}): VehicleAlertState {
  return {
    name: 'Truck',
    speedLimitKph: null,
    lastPositionAt: null,
    lastLat: null,
    lastLng: null,
    lastSpeedKph: null,
    lastHeading: null,
    speedingSince: null,
    speedingAlerted: false,
    idleSince: null,
    idleAlerted: false,
    staleAlerted: false,
    ...overrides,
  };
}

const at = (seconds: number, speedKph: number | null, lng = 0) => ({
  at: new Date(t0 + seconds * 1000),
  lat: 0,
  lng,
  speedKph,
  heading: null,
});

describe('evaluatePositions', () => {
  it('raises SPEEDING once the limit is exceeded for the whole duration, across batches', () => {
    const vehicle = state();
    expect(evaluatePositions(vehicle, [at(0, 120), at(30, 120)], rules, [])).toEqual([]);
    const alerts = evaluatePositions(vehicle, [at(59, 120), at(60, 120), at(90, 130)], rules, []);
    expect(alerts.map((a) => [a.kind, a.at.getTime()])).toEqual([
      [AlertKind.SPEEDING, t0 + 60_000],
    ]);
    expect(alerts[0].severity).toBe(AlertSeverity.WARNING);
  });

  it('ends an episode at a position under the limit, and ignores positions without a speed', () => {
    const vehicle = state({ speedLimitKph: 50 });
    evaluatePositions(vehicle, [at(0, 80), at(30, null), at(61, 80)], rules, []);
    expect(vehicle.speedingAlerted).toBe(true);
    evaluatePositions(vehicle, [at(62, 40)], rules, []);
    expect(vehicle).toMatchObject({ speedingSince: null, speedingAlerted: false });
    const second = evaluatePositions(vehicle, [at(70, 80), at(131, 80)], rules, []);
    expect(second).toHaveLength(1);
    expect(second[0].severity).toBe(AlertSeverity.CRITICAL); // 80 ≥ 1.25 × 50
  });

  it('skips positions not newer than the last one', () => {
    const vehicle = state({ lastPositionAt: new Date(t0 + 100_000), lastLat: 0, lastLng: 0 });
    expect(evaluatePositions(vehicle, [at(0, 200), at(99, 200)], rules, [])).toEqual([]);
    expect(vehicle.speedingSince).toBeNull();
  });

  it('raises IDLE after the set minutes at standstill, once, and clears the stale flag', () => {
    const vehicle = state({ staleAlerted: true });
    const positions = Array.from({ length: 12 }, (_, i) => at(i * 30, 0.3));
    const alerts = evaluatePositions(vehicle, positions, rules, []);
    expect(alerts.map((a) => a.kind)).toEqual([AlertKind.IDLE]);
    expect(vehicle.staleAlerted).toBe(false);
  });

  it('raises enter and exit from consecutive positions, including the last known one', () => {
    const fence = {
      id: 'g',
      name: 'Yard',
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [1, -1],
            [2, -1],
            [2, 1],
            [1, 1],
            [1, -1],
          ],
        ],
      },
    };
    const vehicle = state({ lastPositionAt: new Date(t0 - 1000), lastLat: 0, lastLng: 0 });
    const alerts = evaluatePositions(
      vehicle,
      [at(0, 10, 1.5), at(1, 10, 1.6), at(2, 10, 3)],
      rules,
      [fence],
    );
    expect(alerts.map((a) => [a.kind, a.geofenceId])).toEqual([
      [AlertKind.GEOFENCE_ENTER, 'g'],
      [AlertKind.GEOFENCE_EXIT, 'g'],
    ]);
  });
});
