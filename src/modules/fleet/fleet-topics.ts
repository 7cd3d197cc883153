/** Pub/sub topics of the fleet (always per organization, so tenants never share one). */
export const vehiclePositionsTopic = (organizationId: string): string =>
  `fleet.positions.${organizationId}`;
export const fleetAlertTopic = (organizationId: string): string => `fleet.alert.${organizationId}`;

/** One vehicle's newest position as the live map receives it. */
export interface LivePosition {
  vehicleId: string;
  at: string;
  lat: number;
  lng: number;
  speedKph: number | null;
  heading: number | null;
}

/** The outbox payload of `fleet.positions.<org>`: the newest position of each vehicle a batch moved. */
export interface VehiclePositionsEvent {
  positions: LivePosition[];
}

export interface FleetAlertEvent {
  alertId: string;
  vehicleId: string;
}
