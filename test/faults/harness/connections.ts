import { callbackFor, startGoogleConnection } from '../../factories/calendar.factory';
import { CONNECT_SAMSARA } from '../../factories/fleet.factory';
import { Account, gqlOk, suffix } from '../../factories/identity.factory';
import { FakeGoogle } from '../../fakes/google.fake';
import { FakeVehicleLocations } from '../../fakes/samsara.fake';
import { AppProcess } from './app-process';

/** `pages` feed pages of `perPage` locations for each of two trucks, a second apart from `start`. */
export function feedPages(
  pages: number,
  perPage: number,
  start = new Date(Date.now() - 60 * 60_000),
): FakeVehicleLocations[][] {
  const trucks = [
    { id: `9100${suffix()}`, name: 'Fault truck A' },
    { id: `9200${suffix()}`, name: 'Fault truck B' },
  ];
  return Array.from({ length: pages }, (_, p) =>
    trucks.map((truck, t) => ({
      id: truck.id,
      name: truck.name,
      locations: Array.from({ length: perPage }, (_, i) => ({
        time: new Date(start.getTime() + (p * perPage + i) * 1000).toISOString(),
        latitude: 37.7 + t * 0.01,
        longitude: -122.4 + (p * perPage + i) * 0.0001,
        speed: 30,
        heading: 90,
      })),
    })),
  );
}

/** Connects the owner's organization to Samsara with `apiToken` (the fake serves its feed). */
export async function connectSamsara(
  api: AppProcess,
  owner: Account,
  apiToken: string,
): Promise<void> {
  await gqlOk(api, CONNECT_SAMSARA, { apiToken }, owner.accessToken);
}

/** Connects the owner's Google calendar through the OAuth flow against the fake; returns the connection id. */
export async function connectGoogle(
  api: AppProcess,
  owner: Account,
  google: FakeGoogle,
): Promise<string> {
  const started = await startGoogleConnection(api, owner.accessToken);
  const response = await fetch(callbackFor(started.url, google.issueCode(owner.email), api.url), {
    headers: { cookie: started.cookie },
  });
  const body = (await response.json()) as { connectionId?: string };
  if (response.status !== 200 || !body.connectionId) throw new Error(JSON.stringify(body));
  return body.connectionId;
}
