import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { AlertRowFragment, VehicleRowFragment } from './gql/graphql';
import { upsert, useConnectionEpoch, useLive } from './live';

graphql(`
  fragment VehicleRow on Vehicle {
    id
    name
    licensePlate
    speedLimitKph
    driver {
      id
      name
    }
    lastPosition {
      at
      lat
      lng
      speedKph
      heading
    }
  }
`);

graphql(`
  fragment AlertRow on FleetAlert {
    id
    kind
    severity
    message
    at
    vehicle {
      id
      name
    }
  }
`);

const FleetBoard = graphql(`
  query FleetBoard {
    vehicles {
      ...VehicleRow
    }
    fleetAlerts(first: 20) {
      nodes {
        ...AlertRow
      }
    }
  }
`);

const Positions = graphql(`
  subscription FleetPositions {
    vehiclePositions {
      vehicle {
        id
      }
      position {
        at
        lat
        lng
        speedKph
        heading
      }
    }
  }
`);

const AlertRaised = graphql(`
  subscription FleetAlertRaised {
    fleetAlertRaised {
      ...AlertRow
    }
  }
`);

/** Vehicles with their last position (`vehiclePositions`) and the newest alerts (`fleetAlertRaised`). */
export function Fleet() {
  const epoch = useConnectionEpoch();
  const [{ data, error }, reload] = useQuery({ query: FleetBoard });
  const [vehicles, setVehicles] = useState<VehicleRowFragment[]>([]);
  const [alerts, setAlerts] = useState<AlertRowFragment[]>([]);

  useEffect(() => {
    if (data) {
      setVehicles(data.vehicles);
      setAlerts(data.fleetAlerts.nodes);
    }
  }, [data]);
  useEffect(() => {
    if (epoch > 1) reload();
  }, [epoch, reload]);
  useLive(Positions, {}, ({ vehiclePositions }) =>
    setVehicles((current) =>
      current.map((vehicle) =>
        vehicle.id === vehiclePositions.vehicle.id
          ? { ...vehicle, lastPosition: vehiclePositions.position }
          : vehicle,
      ),
    ),
  );
  useLive(AlertRaised, {}, ({ fleetAlertRaised }) =>
    setAlerts((current) => upsert(current, fleetAlertRaised).slice(0, 20)),
  );

  if (error) return <p className="error">{error.message}</p>;
  return (
    <section className="fleet">
      <table>
        <thead>
          <tr>
            <th>Vehicle</th>
            <th>Driver</th>
            <th>Position</th>
            <th>Speed</th>
            <th>Seen</th>
          </tr>
        </thead>
        <tbody>
          {vehicles.map((vehicle) => {
            const position = vehicle.lastPosition;
            const speeding =
              position?.speedKph != null &&
              vehicle.speedLimitKph != null &&
              position.speedKph > vehicle.speedLimitKph;
            return (
              <tr key={vehicle.id} data-testid={`vehicle-${vehicle.id}`}>
                <td>
                  {vehicle.name} <span className="muted">{vehicle.licensePlate}</span>
                </td>
                <td>{vehicle.driver?.name ?? '—'}</td>
                <td>{position ? `${position.lat.toFixed(5)}, ${position.lng.toFixed(5)}` : '—'}</td>
                <td className={speeding ? 'error' : undefined}>
                  {position?.speedKph != null ? `${Math.round(position.speedKph)} km/h` : '—'}
                </td>
                <td>{position ? new Date(position.at).toLocaleTimeString() : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Alerts</h2>
      <ul className="alerts">
        {alerts.map((alert) => (
          <li key={alert.id} className={`severity-${alert.severity.toLowerCase()}`}>
            <span className="muted">{new Date(alert.at).toLocaleTimeString()}</span> {alert.kind}{' '}
            — {alert.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
