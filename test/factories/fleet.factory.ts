import { Endpoint, gqlOk } from './identity.factory';

export const VEHICLE_FIELDS = `id name vin licensePlate externalId speedLimitKph createdAt
  driver { id name user { id } } lastPosition { at lat lng speedKph heading }`;
export const CREATE_VEHICLE = `mutation CreateVehicle($input: CreateVehicleInput!) { createVehicle(input: $input) { ${VEHICLE_FIELDS} } }`;
export const RECORD_POSITIONS = `mutation Record($positions: [PositionInput!]!) { recordPositions(positions: $positions) }`;
export const CREATE_GEOFENCE = `mutation CreateGeofence($input: CreateGeofenceInput!) { createGeofence(input: $input) { id name geometry } }`;
export const UPDATE_FLEET_SETTINGS = `mutation Settings($input: UpdateFleetSettingsInput!) {
  updateFleetSettings(input: $input) { defaultSpeedLimitKph speedingMinSeconds staleAfterMinutes idleAfterMinutes slackWebhookConfigured } }`;
export const FLEET_ALERTS = `query Alerts($filter: FleetAlertFilter, $first: Int, $after: String) {
  fleetAlerts(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes { id kind severity message at acknowledgedAt acknowledgedBy { id } vehicle { id name } }
    pageInfo { hasNextPage endCursor }
  } }`;
export const CONNECT_SAMSARA = `mutation Connect($apiToken: String!) {
  connectSamsara(apiToken: $apiToken) { id provider status lastPolledAt lastError } }`;
export const FLEET_INTEGRATIONS = `{ fleetIntegrations { id provider status lastPolledAt lastError } }`;

export interface CreatedVehicle {
  id: string;
  name: string;
  [field: string]: unknown;
}

export interface FleetAlertNode {
  id: string;
  kind: string;
  severity: string;
  message: string;
  at: string;
  acknowledgedAt: string | null;
  vehicle: { id: string; name: string };
}

export async function createVehicle(
  api: Endpoint,
  token: string,
  input: Record<string, unknown> = {},
): Promise<CreatedVehicle> {
  const data = await gqlOk<{ createVehicle: CreatedVehicle }>(
    api,
    CREATE_VEHICLE,
    { input: { name: `Truck ${Math.random().toString(36).slice(2, 8)}`, ...input } },
    token,
  );
  return data.createVehicle;
}

export interface PositionSpec {
  vehicleId: string;
  at: Date | string;
  lat: number;
  lng: number;
  speedKph?: number | null;
  heading?: number | null;
}

export async function recordPositions(
  api: Endpoint,
  token: string,
  positions: PositionSpec[],
): Promise<number> {
  const data = await gqlOk<{ recordPositions: number }>(
    api,
    RECORD_POSITIONS,
    {
      positions: positions.map((position) => ({
        ...position,
        at: position.at instanceof Date ? position.at.toISOString() : position.at,
      })),
    },
    token,
  );
  return data.recordPositions;
}

/** A square around (lng, lat) with half-side `half` degrees, as a GeoJSON Polygon. */
export function square(lng: number, lat: number, half: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
      ],
    ],
  };
}

export async function createGeofence(
  api: Endpoint,
  token: string,
  name: string,
  geometry: unknown,
): Promise<{ id: string; name: string }> {
  const data = await gqlOk<{ createGeofence: { id: string; name: string } }>(
    api,
    CREATE_GEOFENCE,
    { input: { name, geometry } },
    token,
  );
  return data.createGeofence;
}

export async function fleetAlerts(
  api: Endpoint,
  token: string,
  filter: Record<string, unknown> = {},
): Promise<FleetAlertNode[]> {
  const data = await gqlOk<{ fleetAlerts: { nodes: FleetAlertNode[] } }>(
    api,
    FLEET_ALERTS,
    { filter, first: 100 },
    token,
  );
  return data.fleetAlerts.nodes;
}

/** Positions every `stepSeconds` from `start`, moving east from (lng, lat). */
export function drive(
  vehicleId: string,
  start: Date,
  count: number,
  options: {
    stepSeconds?: number;
    lat?: number;
    lng?: number;
    speedKph?: number;
    dLng?: number;
  } = {},
): PositionSpec[] {
  const step = options.stepSeconds ?? 1;
  return Array.from({ length: count }, (_, index) => ({
    vehicleId,
    at: new Date(start.getTime() + index * step * 1000),
    lat: options.lat ?? 45,
    lng: (options.lng ?? 7) + index * (options.dLng ?? 0.0001),
    speedKph: options.speedKph ?? 50,
    heading: 90,
  }));
}
