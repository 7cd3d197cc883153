import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import {
  createGeofence,
  createVehicle,
  drive,
  FLEET_ALERTS,
  fleetAlerts,
  recordPositions,
  RECORD_POSITIONS,
  CREATE_GEOFENCE,
  square,
  UPDATE_FLEET_SETTINGS,
  CREATE_VEHICLE,
} from '../factories/fleet.factory';
import {
  Account,
  addMemberWithRole,
  gqlError,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';

const TRACK = `query Track($id: ID!, $from: DateTime!, $to: DateTime!, $maxPoints: Int) {
  vehicle(id: $id) { id track(from: $from, to: $to, maxPoints: $maxPoints) { at lat lng speedKph } } }`;
const VEHICLE = `query V($id: ID!) { vehicle(id: $id) { id name lastPosition { at lat lng speedKph heading } } }`;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('fleet: vehicles, positions, geofences and alerts', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi({
      withWorker: true,
      env: {
        FLEET_STALE_CHECK_INTERVAL_MS: '300',
        // Never the real Samsara from a test (a connectSamsara of another spec may be queued).
        SAMSARA_API_BASE_URL: 'http://127.0.0.1:9',
      },
    });
  });
  afterAll(() => api.close());

  async function organization(): Promise<Account> {
    return registerUser(api);
  }

  describe('vehicles and drivers', () => {
    it('creates a vehicle with a normalised VIN, a new driver and the default speed limit', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken, {
        name: 'Truck 1',
        vin: ' 1m8gdm9axkp042788 ',
        licensePlate: 'AB-123',
        driverName: 'Dana Driver',
      });
      expect(vehicle).toMatchObject({
        name: 'Truck 1',
        vin: '1M8GDM9AXKP042788',
        licensePlate: 'AB-123',
        speedLimitKph: null,
        lastPosition: null,
        driver: { name: 'Dana Driver', user: null },
      });
      const { vehicles } = await gqlOk<{ vehicles: Array<{ id: string }> }>(
        api,
        '{ vehicles { id name lastPosition { at } driver { name } } }',
        {},
        owner.accessToken,
      );
      expect(vehicles.map((v) => v.id)).toEqual([vehicle.id]);
    });

    it('refuses a malformed VIN and a VIN already in use, changing nothing', async () => {
      const owner = await organization();
      const bad = await gqlError(
        api,
        CREATE_VEHICLE,
        { input: { name: 'X', vin: 'IOQ123' } },
        owner.accessToken,
      );
      expect(bad.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(bad.extensions.fields)).toContain('input.vin');
      await createVehicle(api, owner.accessToken, { vin: '1M8GDM9AXKP042788' });
      const twice = await gqlError(
        api,
        CREATE_VEHICLE,
        { input: { name: 'Y', vin: '1M8GDM9AXKP042788' } },
        owner.accessToken,
      );
      expect(twice.code).toBe('CONFLICT');
      const { vehicles } = await gqlOk<{ vehicles: unknown[] }>(
        api,
        '{ vehicles { id } }',
        {},
        owner.accessToken,
      );
      expect(vehicles).toHaveLength(1);
    });

    it('links a driver to a member, and refuses a user of no membership', async () => {
      const owner = await organization();
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const { createDriver } = await gqlOk<{ createDriver: { id: string; user: { id: string } } }>(
        api,
        'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id name user { id } } }',
        { input: { name: 'Ali', userId: agent.userId } },
        owner.accessToken,
      );
      expect(createDriver.user.id).toBe(agent.userId);
      const vehicle = await createVehicle(api, owner.accessToken, { driverId: createDriver.id });
      expect(vehicle.driver).toMatchObject({ id: createDriver.id, user: { id: agent.userId } });
      const stranger = await registerUser(api);
      const error = await gqlError(
        api,
        'mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }',
        { input: { name: 'Nope', userId: stranger.userId } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
    });

    it('lets an agent record positions but not create vehicles', async () => {
      const owner = await organization();
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const error = await gqlError(
        api,
        CREATE_VEHICLE,
        { input: { name: 'X' } },
        agent.accessToken,
      );
      expect(error.code).toBe('FORBIDDEN');
      const vehicle = await createVehicle(api, owner.accessToken);
      expect(
        await recordPositions(api, agent.accessToken, drive(vehicle.id, minutesAgo(1), 2)),
      ).toBe(2);
    });
  });

  describe('positions', () => {
    it('refuses out-of-range coordinates with the position in the path, storing none of the call', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const at = minutesAgo(5).toISOString();
      for (const [lat, lng, path] of [
        [91, 7, 'positions[1].lat'],
        [-90.5, 7, 'positions[1].lat'],
        [45, 180.01, 'positions[1].lng'],
        [45, -181, 'positions[1].lng'],
      ] as const) {
        const error = await gqlError(
          api,
          RECORD_POSITIONS,
          {
            positions: [
              { vehicleId: vehicle.id, at, lat: 45, lng: 7 },
              { vehicleId: vehicle.id, at: minutesAgo(4).toISOString(), lat, lng },
            ],
          },
          owner.accessToken,
        );
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.extensions.fields).toEqual([expect.objectContaining({ path })]);
      }
      const { vehicle: read } = await gqlOk<{ vehicle: { lastPosition: unknown } }>(
        api,
        VEHICLE,
        { id: vehicle.id },
        owner.accessToken,
      );
      expect(read.lastPosition).toBeNull();
    });

    it('refuses a non-numeric coordinate, an unknown vehicle and more than 1,000 positions, and takes 1,000', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const at = minutesAgo(1).toISOString();
      const nan = await gqlError(
        api,
        RECORD_POSITIONS,
        { positions: [{ vehicleId: vehicle.id, at, lat: 'NaN', lng: 7 }] },
        owner.accessToken,
      );
      expect(nan.code).toBe('BAD_USER_INPUT');
      const unknown = await gqlError(
        api,
        RECORD_POSITIONS,
        {
          positions: [{ vehicleId: '00000000-0000-4000-8000-000000000000', at, lat: 1, lng: 1 }],
        },
        owner.accessToken,
      );
      expect(unknown.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(unknown.extensions.fields)).toContain('positions[0].vehicleId');
      const many = await gqlError(
        api,
        RECORD_POSITIONS,
        {
          positions: drive(vehicle.id, minutesAgo(30), 1001).map((p) => ({
            ...p,
            at: (p.at as Date).toISOString(),
          })),
        },
        owner.accessToken,
      );
      expect(many.code).toBe('BAD_USER_INPUT');
      expect(
        await recordPositions(api, owner.accessToken, drive(vehicle.id, minutesAgo(30), 1000)),
      ).toBe(1000);
    });

    it('stores a repeated (vehicle, time) once and shows the newest position as the last', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const positions = drive(vehicle.id, minutesAgo(2), 3, { speedKph: 42 });
      expect(await recordPositions(api, owner.accessToken, positions)).toBe(3);
      expect(await recordPositions(api, owner.accessToken, positions)).toBe(0);
      // An older position arriving late is stored but does not become the last.
      expect(
        await recordPositions(api, owner.accessToken, drive(vehicle.id, minutesAgo(10), 1)),
      ).toBe(1);
      const { vehicle: read } = await gqlOk<{
        vehicle: { lastPosition: { at: string; lng: number; speedKph: number } };
      }>(api, VEHICLE, { id: vehicle.id }, owner.accessToken);
      expect(read.lastPosition).toMatchObject({
        at: (positions[2].at as Date).toISOString(),
        lng: positions[2].lng,
        speedKph: 42,
      });
      const [{ count }] = await api.dataSource.query<Array<{ count: number }>>(
        'SELECT count(*)::int AS count FROM vehicle_position WHERE vehicle_id = $1',
        [vehicle.id],
      );
      expect(count).toBe(4);
    });

    it('stores coordinates exactly and a missing speed or heading as null', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const start = minutesAgo(3);
      const positions = [
        { vehicleId: vehicle.id, at: start, lat: -33.868820000000014, lng: 151.20929 },
        {
          vehicleId: vehicle.id,
          at: new Date(start.getTime() + 1500),
          lat: 45.12345678901234,
          lng: -122.00000000000001,
          speedKph: 0.1 + 0.2,
          heading: null,
        },
        {
          vehicleId: vehicle.id,
          at: new Date(start.getTime() + 2001),
          lat: 0,
          lng: -0.5,
          speedKph: null,
          heading: 359.999,
        },
      ];
      expect(await recordPositions(api, owner.accessToken, positions)).toBe(3);
      const { vehicle: read } = await gqlOk<{
        vehicle: {
          track: Array<{ at: string; lat: number; lng: number; speedKph: number | null }>;
          lastPosition: { heading: number | null; speedKph: number | null };
        };
      }>(
        api,
        `query V($id: ID!, $from: DateTime!, $to: DateTime!) { vehicle(id: $id) {
           track(from: $from, to: $to) { at lat lng speedKph } lastPosition { speedKph heading } } }`,
        { id: vehicle.id, from: start.toISOString(), to: new Date().toISOString() },
        owner.accessToken,
      );
      expect(read.track).toEqual(
        positions.map((position) => ({
          at: position.at.toISOString(),
          lat: position.lat,
          lng: position.lng,
          speedKph: position.speedKph ?? null,
        })),
      );
      expect(read.lastPosition).toEqual({ speedKph: null, heading: 359.999 });
      const rows = await api.dataSource.query<Array<{ heading: number | null }>>(
        'SELECT heading FROM vehicle_position WHERE vehicle_id = $1 ORDER BY at',
        [vehicle.id],
      );
      expect(rows.map((row) => row.heading)).toEqual([null, null, 359.999]);
    });

    it('thins a long track in SQL to at most maxPoints, oldest first', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const start = new Date('2026-01-01T00:00:00Z');
      // A day at 1 Hz (86,400 positions), written straight to the table.
      await api.dataSource.query(
        `INSERT INTO vehicle_position (vehicle_id, at, organization_id, lat, lng, speed_kph)
         SELECT $1, $2::timestamptz + make_interval(secs => s), $3, 45, 7 + s / 1e6, 50
           FROM generate_series(0, 86399) AS s`,
        [vehicle.id, start.toISOString(), owner.organizationId],
      );
      const to = new Date(start.getTime() + 86_400_000).toISOString();
      const { vehicle: thinned } = await gqlOk<{ vehicle: { track: Array<{ at: string }> } }>(
        api,
        TRACK,
        { id: vehicle.id, from: start.toISOString(), to, maxPoints: 500 },
        owner.accessToken,
      );
      expect(thinned.track.length).toBeLessThanOrEqual(500);
      expect(thinned.track.length).toBeGreaterThan(450);
      expect(thinned.track[0].at).toBe(start.toISOString());
      const times = thinned.track.map((point) => Date.parse(point.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const { vehicle: defaulted } = await gqlOk<{ vehicle: { track: unknown[] } }>(
        api,
        TRACK,
        { id: vehicle.id, from: start.toISOString(), to },
        owner.accessToken,
      );
      expect(defaulted.track.length).toBeLessThanOrEqual(1000);
      expect(defaulted.track.length).toBeGreaterThan(900);
      const { vehicle: short } = await gqlOk<{ vehicle: { track: unknown[] } }>(
        api,
        TRACK,
        {
          id: vehicle.id,
          from: start.toISOString(),
          to: new Date(start.getTime() + 99_000).toISOString(),
        },
        owner.accessToken,
      );
      expect(short.track).toHaveLength(100);
      const tooMany = await gqlError(
        api,
        TRACK,
        { id: vehicle.id, from: start.toISOString(), to, maxPoints: 0 },
        owner.accessToken,
      );
      expect(tooMany.code).toBe('BAD_USER_INPUT');
    });

    it('deletes positions past the retention period in the retention job', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      await api.dataSource.query(
        `INSERT INTO vehicle_position (vehicle_id, at, organization_id, lat, lng)
         SELECT $1, now() - make_interval(days => 91, secs => s), $2, 45, 7
           FROM generate_series(1, 50) AS s`,
        [vehicle.id, owner.organizationId],
      );
      await recordPositions(api, owner.accessToken, drive(vehicle.id, minutesAgo(1), 3));
      const queue = api.app.get(QueueRegistry).get(QueueName.FleetPolling);
      await queue.add('prune-positions', {});
      await eventually(
        async () => {
          const [{ count }] = await api.dataSource.query<Array<{ count: number }>>(
            'SELECT count(*)::int AS count FROM vehicle_position WHERE vehicle_id = $1',
            [vehicle.id],
          );
          return count === 3 ? true : undefined;
        },
        { what: 'old positions deleted' },
      );
    });
  });

  describe('geofences', () => {
    const invalid: Array<[string, unknown, string]> = [
      [
        'whose ring is not closed',
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
        'input.geometry.coordinates[0]',
      ],
      [
        'whose ring has fewer than 4 positions',
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        },
        'input.geometry.coordinates[0]',
      ],
      ['that is not a Polygon', { type: 'Point', coordinates: [0, 0] }, 'input.geometry.type'],
      [
        'with a position out of range',
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [200, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        'input.geometry.coordinates[0][1]',
      ],
      ['without coordinates', { type: 'Polygon' }, 'input.geometry.coordinates'],
      ['that is not an object', 'POLYGON((0 0, 1 0, 1 1, 0 0))', 'input.geometry'],
    ];
    it.each(invalid)('refuses a geofence %s', async (_label, geometry, path) => {
      const owner = await organization();
      const error = await gqlError(
        api,
        CREATE_GEOFENCE,
        { input: { name: 'Depot', geometry } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ path })]);
      const { geofences } = await gqlOk<{ geofences: unknown[] }>(
        api,
        '{ geofences { id } }',
        {},
        owner.accessToken,
      );
      expect(geofences).toEqual([]);
    });

    it('raises GEOFENCE_ENTER and GEOFENCE_EXIT as a vehicle crosses a geofence', async () => {
      const owner = await organization();
      const depot = await createGeofence(api, owner.accessToken, 'Depot', square(7.01, 45, 0.005));
      const vehicle = await createVehicle(api, owner.accessToken, { name: 'Van' });
      const start = minutesAgo(10);
      // lng 7.000 (out) → 7.010 (in) → 7.012 (in) → 7.030 (out) → 7.011 (in)
      const lngs = [7.0, 7.01, 7.012, 7.03, 7.011];
      const positions = lngs.map((lng, index) => ({
        vehicleId: vehicle.id,
        at: new Date(start.getTime() + index * 30_000),
        lat: 45,
        lng,
        speedKph: 30,
      }));
      // Two calls: the crossing between calls counts as well as within one.
      await recordPositions(api, owner.accessToken, positions.slice(0, 2));
      await recordPositions(api, owner.accessToken, positions.slice(2));
      const alerts = await fleetAlerts(api, owner.accessToken, { vehicleId: vehicle.id });
      expect(
        alerts.map((alert) => [alert.kind, alert.at]).sort((a, b) => a[1].localeCompare(b[1])),
      ).toEqual([
        ['GEOFENCE_ENTER', positions[1].at.toISOString()],
        ['GEOFENCE_EXIT', positions[3].at.toISOString()],
        ['GEOFENCE_ENTER', positions[4].at.toISOString()],
      ]);
      expect(alerts[0].message).toContain('Depot');
      expect(depot.name).toBe('Depot');
    });
  });

  describe('alerts', () => {
    it('raises SPEEDING only after the vehicle stays over its limit for the set duration, once per episode', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken, { speedLimitKph: 80 });
      const start = minutesAgo(30);
      const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
      const point = (seconds: number, speedKph: number) => ({
        vehicleId: vehicle.id,
        at: at(seconds),
        lat: 45,
        lng: 7 + seconds / 100_000,
        speedKph,
      });
      // One noisy point far over the limit: nothing.
      await recordPositions(api, owner.accessToken, [point(0, 60), point(5, 150), point(10, 60)]);
      // Over the limit for 50 s: still nothing.
      await recordPositions(
        api,
        owner.accessToken,
        Array.from({ length: 11 }, (_, i) => point(20 + i * 5, 95)),
      );
      expect(await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] })).toEqual([]);
      // 60 s over the limit (20 → 80): one alert, and more speeding adds none.
      await recordPositions(
        api,
        owner.accessToken,
        Array.from({ length: 20 }, (_, i) => point(75 + i * 5, 95)),
      );
      let speeding = await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] });
      expect(speeding.map((alert) => alert.at)).toEqual([at(80).toISOString()]);
      expect(speeding[0].severity).toBe('WARNING');
      // Back under the limit, then a second episode of 60 s: a second alert.
      await recordPositions(api, owner.accessToken, [point(200, 70)]);
      await recordPositions(
        api,
        owner.accessToken,
        Array.from({ length: 14 }, (_, i) => point(210 + i * 5, 110)),
      );
      speeding = await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] });
      expect(speeding.map((alert) => alert.at)).toEqual([
        at(270).toISOString(),
        at(80).toISOString(),
      ]);
      expect(speeding[0].severity).toBe('CRITICAL'); // 110 ≥ 1.25 × 80
    });

    it('uses the organization default limit and duration when the vehicle has none', async () => {
      const owner = await organization();
      await gqlOk(
        api,
        UPDATE_FLEET_SETTINGS,
        { input: { defaultSpeedLimitKph: 50, speedingMinSeconds: 10 } },
        owner.accessToken,
      );
      const vehicle = await createVehicle(api, owner.accessToken);
      await recordPositions(
        api,
        owner.accessToken,
        drive(vehicle.id, minutesAgo(5), 12, { speedKph: 55 }),
      );
      const speeding = await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] });
      expect(speeding).toHaveLength(1);
      expect(speeding[0].message).toContain('50 km/h');
    });

    it('raises IDLE when a reporting vehicle stands still beyond the set minutes', async () => {
      const owner = await organization();
      await gqlOk(
        api,
        UPDATE_FLEET_SETTINGS,
        { input: { idleAfterMinutes: 2 } },
        owner.accessToken,
      );
      const vehicle = await createVehicle(api, owner.accessToken);
      await recordPositions(
        api,
        owner.accessToken,
        drive(vehicle.id, minutesAgo(10), 10, { speedKph: 0.5, dLng: 0, stepSeconds: 15 }),
      );
      const idle = await fleetAlerts(api, owner.accessToken, { kind: ['IDLE'] });
      expect(idle).toHaveLength(1);
      expect(idle[0].vehicle.id).toBe(vehicle.id);
    });

    it('raises STALE_POSITION for a vehicle gone silent, once until it reports again', async () => {
      const owner = await organization();
      const vehicle = await createVehicle(api, owner.accessToken);
      const fresh = await createVehicle(api, owner.accessToken);
      await recordPositions(api, owner.accessToken, drive(vehicle.id, minutesAgo(20), 1));
      await recordPositions(api, owner.accessToken, drive(fresh.id, minutesAgo(1), 1));
      const [stale] = await eventually(
        async () => {
          const alerts = await fleetAlerts(api, owner.accessToken, { kind: ['STALE_POSITION'] });
          return alerts.length > 0 ? alerts : undefined;
        },
        { what: 'STALE_POSITION' },
      );
      expect(stale.vehicle.id).toBe(vehicle.id);
      expect(stale.message).toContain('20 min');
      // Several more checks run: still one alert.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await fleetAlerts(api, owner.accessToken, { kind: ['STALE_POSITION'] })).toHaveLength(
        1,
      );
      // It reports (an old position again), goes silent again: a second alert.
      await recordPositions(api, owner.accessToken, drive(vehicle.id, minutesAgo(16), 1));
      await eventually(
        async () => {
          const alerts = await fleetAlerts(api, owner.accessToken, { kind: ['STALE_POSITION'] });
          return alerts.length === 2 ? alerts : undefined;
        },
        { what: 'second STALE_POSITION' },
      );
    });

    it('acknowledges an alert once and filters alerts by acknowledgement, kind and vehicle', async () => {
      const owner = await organization();
      await createGeofence(api, owner.accessToken, 'Yard', square(7.01, 45, 0.005));
      const vehicle = await createVehicle(api, owner.accessToken);
      const other = await createVehicle(api, owner.accessToken);
      const start = minutesAgo(10);
      for (const id of [vehicle.id, other.id]) {
        await recordPositions(api, owner.accessToken, [
          { vehicleId: id, at: start, lat: 45, lng: 7 },
          { vehicleId: id, at: new Date(start.getTime() + 1000), lat: 45, lng: 7.01 },
        ]);
      }
      const [alert] = await fleetAlerts(api, owner.accessToken, { vehicleId: vehicle.id });
      const ACK = `mutation ($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt acknowledgedBy { id } } }`;
      const first = await gqlOk<{
        acknowledgeAlert: { acknowledgedAt: string; acknowledgedBy: { id: string } };
      }>(api, ACK, { id: alert.id }, owner.accessToken);
      expect(first.acknowledgeAlert.acknowledgedBy.id).toBe(owner.userId);
      const again = await gqlOk<{ acknowledgeAlert: { acknowledgedAt: string } }>(
        api,
        ACK,
        { id: alert.id },
        owner.accessToken,
      );
      expect(again.acknowledgeAlert.acknowledgedAt).toBe(first.acknowledgeAlert.acknowledgedAt);
      expect(
        (await fleetAlerts(api, owner.accessToken, { acknowledged: true })).map((a) => a.id),
      ).toEqual([alert.id]);
      expect(
        (await fleetAlerts(api, owner.accessToken, { acknowledged: false })).map(
          (a) => a.vehicle.id,
        ),
      ).toEqual([other.id]);
      expect(await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] })).toEqual([]);
      const page = await gqlOk<{
        fleetAlerts: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } };
      }>(api, FLEET_ALERTS, { first: 1 }, owner.accessToken);
      expect(page.fleetAlerts).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      const missing = await gqlError(
        api,
        ACK,
        { id: '00000000-0000-4000-8000-000000000000' },
        owner.accessToken,
      );
      expect(missing.code).toBe('NOT_FOUND');
    });
  });
});
