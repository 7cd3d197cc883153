import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { NotFoundError } from '@/common/errors/domain-errors';
import { FleetAlert } from '@/modules/fleet/fleet-alert.entity';
import { FleetAlertsService } from '@/modules/fleet/fleet-alerts.service';
import { GeofencesService } from '@/modules/fleet/geofences.service';
import { contains } from '@/modules/fleet/geometry';
import { Vehicle } from '@/modules/fleet/vehicle.entity';
import { VehiclesService } from '@/modules/fleet/vehicles.service';
import { defineTool, ToolDefinition } from './tool-definition';
import { first, id, iso, localTime } from './tool-schemas';

/** Vehicles list_vehicles answers at most (the rest: `truncated`). */
export const MAX_LISTED_VEHICLES = 200;

function alertOutput(alert: FleetAlert) {
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    message: alert.message,
    vehicleId: alert.vehicleId,
    at: iso(alert.at),
    acknowledgedAt: iso(alert.acknowledgedAt),
  };
}

const lastPosition = (vehicle: Vehicle) =>
  vehicle.lastPositionAt && vehicle.lastLat !== null && vehicle.lastLng !== null
    ? {
        lat: vehicle.lastLat,
        lng: vehicle.lastLng,
        at: iso(vehicle.lastPositionAt),
        speedKph: vehicle.lastSpeedKph,
        heading: vehicle.lastHeading,
      }
    : null;

/** Fleet: vehicles, where they are, alerts (fleet:read / fleet:manage). */
@Injectable()
export class FleetTools {
  readonly tools: ToolDefinition[];

  constructor(
    private readonly vehicles: VehiclesService,
    private readonly geofences: GeofencesService,
    private readonly alerts: FleetAlertsService,
  ) {
    this.tools = [
      this.listVehicles(),
      this.locateVehicle(),
      this.listFleetAlerts(),
      this.acknowledgeAlert(),
    ] as ToolDefinition[];
  }

  private listVehicles() {
    return defineTool({
      name: 'list_vehicles',
      title: 'List vehicles',
      description:
        "The organization's vehicles by name, with ids (for locate_vehicle and list_fleet_alerts) and when each last reported.",
      input: z.object({}).strict(),
      permission: 'fleet:read',
      readOnly: true,
      destructive: false,
      run: async (context) => {
        const vehicles = await this.vehicles.list(context.viewer);
        return {
          vehicles: vehicles.slice(0, MAX_LISTED_VEHICLES).map((vehicle) => ({
            id: vehicle.id,
            name: vehicle.name,
            licensePlate: vehicle.licensePlate,
            lastPositionAt: iso(vehicle.lastPositionAt),
          })),
          truncated: vehicles.length > MAX_LISTED_VEHICLES,
        };
      },
    });
  }

  private locateVehicle() {
    return defineTool({
      name: 'locate_vehicle',
      title: 'Locate a vehicle',
      description:
        "A vehicle's last known position (vehicleId from list_vehicles): coordinates, time, speed, heading, " +
        'and the geofences it is inside. position is null when it never reported.',
      input: z.object({ vehicleId: id('Vehicle id (list_vehicles).') }).strict(),
      permission: 'fleet:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const vehicle = await this.vehicles.get(context.viewer, input.vehicleId);
        if (!vehicle) throw new NotFoundError('Vehicle', input.vehicleId);
        const position = lastPosition(vehicle);
        const inside = position
          ? (await this.geofences.list(context.viewer)).filter((geofence) =>
              contains(geofence.geometry, position.lng, position.lat),
            )
          : [];
        return {
          vehicleId: vehicle.id,
          name: vehicle.name,
          position: position && {
            ...position,
            atLocal: localTime(vehicle.lastPositionAt!, context.timeZone),
          },
          geofences: inside.map((geofence) => ({ id: geofence.id, name: geofence.name })),
        };
      },
    });
  }

  private listFleetAlerts() {
    return defineTool({
      name: 'list_fleet_alerts',
      title: 'List fleet alerts',
      description:
        'Fleet alerts (speeding, idling, geofence enter/exit, silent vehicles), newest first, optionally of one ' +
        'vehicle (list_vehicles) or only (un)acknowledged ones. Each has the id acknowledge_alert takes.',
      input: z
        .object({
          vehicleId: id('Vehicle id (list_vehicles).').optional(),
          acknowledged: z.boolean().optional(),
          first: first(50, 20),
        })
        .strict(),
      permission: 'fleet:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const { first: count, ...filter } = input;
        const page = await this.alerts.list(context.viewer, { first: count, filter });
        return { alerts: page.nodes.map(alertOutput), hasMore: page.pageInfo.hasNextPage };
      },
    });
  }

  private acknowledgeAlert() {
    return defineTool({
      name: 'acknowledge_alert',
      title: 'Acknowledge a fleet alert',
      description:
        'Marks a fleet alert (id from list_fleet_alerts) acknowledged by the caller. Idempotent.',
      input: z.object({ id: id('Alert id (list_fleet_alerts).') }).strict(),
      permission: 'fleet:manage',
      readOnly: false,
      destructive: false,
      run: async (context, input) =>
        alertOutput(await this.alerts.acknowledge(context.viewer, input.id)),
    });
  }
}
