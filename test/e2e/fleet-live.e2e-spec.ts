import { createVehicle, recordPositions } from '../factories/fleet.factory';
import { Account, gqlOk, registerUser } from '../factories/identity.factory';
import { startApi, TestApp } from '../utils/test-app';
import { connect, subscribe, Subscription } from '../utils/ws-client';

const POSITIONS = `subscription ($vehicleIds: [ID!]) {
  vehiclePositions(vehicleIds: $vehicleIds) { vehicle { id name } position { at lat lng speedKph } }
}`;
const ALERTS = `subscription { fleetAlertRaised { id kind severity message vehicle { id } } }`;

type PositionUpdate = {
  vehiclePositions: {
    vehicle: { id: string; name: string };
    position: { at: string; lat: number; lng: number; speedKph: number | null };
  };
};
type AlertRaised = { fleetAlertRaised: { id: string; kind: string; vehicle: { id: string } } };

describe('fleet: the live map', () => {
  let api: TestApp;
  const clients: Array<ReturnType<typeof connect>> = [];

  function watch<T>(
    account: Account,
    query: string,
    variables: Record<string, unknown> = {},
  ): Subscription<T> {
    const client = connect(api.wsUrl, { authorization: `Bearer ${account.accessToken}` });
    clients.push(client);
    return subscribe<T>(client, query, variables);
  }

  beforeAll(async () => {
    api = await startApi({ env: { FLEET_LIVE_MIN_INTERVAL_MS: '250' } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose())));
    await api.close();
  });

  const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

  it('sends a burst of positions for one vehicle as its latest, a few updates a second at most', async () => {
    const owner = await registerUser(api);
    const watched = await createVehicle(api, owner.accessToken, { name: 'Watched' });
    const ignored = await createVehicle(api, owner.accessToken, { name: 'Ignored' });
    const live = watch<PositionUpdate>(owner, POSITIONS, { vehicleIds: [watched.id] });
    await settle();
    const start = Date.now() - 60_000;
    const began = Date.now();
    // 30 commits, one position each, as fast as they go.
    for (let i = 0; i < 30; i++) {
      await recordPositions(api, owner.accessToken, [
        {
          vehicleId: watched.id,
          at: new Date(start + i * 1000),
          lat: 45,
          lng: 7 + i / 1000,
          speedKph: i,
        },
        { vehicleId: ignored.id, at: new Date(start + i * 1000), lat: 46, lng: 8, speedKph: 1 },
      ]);
    }
    const elapsed = Date.now() - began;
    const latest = new Date(start + 29_000).toISOString();
    for (;;) {
      const update = await live.next(5000);
      if (update.data?.vehiclePositions.position.at === latest) break;
    }
    await settle(500);
    const updates = live.received.map((result) => result.data!.vehiclePositions);
    expect(updates.every((update) => update.vehicle.id === watched.id)).toBe(true);
    expect(updates.at(-1)!.position).toMatchObject({ at: latest, speedKph: 29 });
    // Coalesced: far fewer than 30, and no faster than one per 250 ms (plus the first).
    expect(updates.length).toBeLessThan(30);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil((elapsed + 1000) / 250) + 1);
    // Positions arrive in time order: never an older one after a newer one.
    const times = updates.map((update) => Date.parse(update.position.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("never shows another organization's vehicles or alerts, and refuses its vehicle ids", async () => {
    const owner = await registerUser(api);
    const stranger = await registerUser(api);
    const vehicle = await createVehicle(api, owner.accessToken, { name: 'Mine' });
    const mine = watch<PositionUpdate>(owner, POSITIONS);
    const theirs = watch<PositionUpdate>(stranger, POSITIONS);
    const theirAlerts = watch<AlertRaised>(stranger, ALERTS);
    const myAlerts = watch<AlertRaised>(owner, ALERTS);
    await settle();
    await gqlOk(
      api,
      'mutation ($input: CreateGeofenceInput!) { createGeofence(input: $input) { id } }',
      {
        input: {
          name: 'Zone',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [6.9, 44.9],
                [7.1, 44.9],
                [7.1, 45.1],
                [6.9, 45.1],
                [6.9, 44.9],
              ],
            ],
          },
        },
      },
      owner.accessToken,
    );
    await recordPositions(api, owner.accessToken, [
      { vehicleId: vehicle.id, at: new Date(Date.now() - 2000), lat: 40, lng: 7 },
      { vehicleId: vehicle.id, at: new Date(Date.now() - 1000), lat: 45, lng: 7 },
    ]);
    const update = await mine.next();
    expect(update.data?.vehiclePositions.vehicle.id).toBe(vehicle.id);
    const alert = await myAlerts.next();
    expect(alert.data?.fleetAlertRaised).toMatchObject({
      kind: 'GEOFENCE_ENTER',
      vehicle: { id: vehicle.id },
    });
    await theirs.expectSilence(500);
    await theirAlerts.expectSilence(100);

    const foreign = watch<PositionUpdate>(stranger, POSITIONS, { vehicleIds: [vehicle.id] });
    const ended = (await foreign.ended) as Array<{ extensions?: { code?: string } }> | undefined;
    expect(JSON.stringify(ended ?? foreign.received)).toContain('NOT_FOUND');
  });
});
