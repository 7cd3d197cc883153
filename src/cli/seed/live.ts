import { setTimeout as sleep } from 'node:timers/promises';
import { SeedSession } from './client';
import { DEMO_CALL_SCRIPTS, DEMO_ROUTE } from './demo-data';
import { importDemoCall, SeedOutcome } from './seed-demo';

/** Seconds between two position reports of each vehicle. */
const POSITION_EVERY_MS = 2_000;
const TASK_EVERY_MS = 7_000;
const CALL_EVERY_MS = 30_000;
/** Metres a vehicle covers per report: faster than its reported speed, so laps take about two minutes. */
const METRES_PER_TICK = 160;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

function distanceMetres(a: [number, number], b: [number, number]): number {
  const dLat = toRadians(b[0] - a[0]);
  const dLng = toRadians(b[1] - a[1]);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a[0])) * Math.cos(toRadians(b[0])) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

const LEGS = DEMO_ROUTE.map((point, index) => {
  const next = DEMO_ROUTE[(index + 1) % DEMO_ROUTE.length];
  return { from: point, to: next, length: distanceMetres(point, next) };
});
const LAP = LEGS.reduce((sum, leg) => sum + leg.length, 0);

/** Where a vehicle is after `metres` along the loop, and which way it points. */
export function pointOnRoute(metres: number): { lat: number; lng: number; heading: number } {
  let rest = ((metres % LAP) + LAP) % LAP;
  for (const leg of LEGS) {
    if (rest <= leg.length) {
      const share = leg.length === 0 ? 0 : rest / leg.length;
      const lat = leg.from[0] + (leg.to[0] - leg.from[0]) * share;
      const lng = leg.from[1] + (leg.to[1] - leg.from[1]) * share;
      const y = Math.sin(toRadians(leg.to[1] - leg.from[1])) * Math.cos(toRadians(leg.to[0]));
      const x =
        Math.cos(toRadians(leg.from[0])) * Math.sin(toRadians(leg.to[0])) -
        Math.sin(toRadians(leg.from[0])) *
          Math.cos(toRadians(leg.to[0])) *
          Math.cos(toRadians(leg.to[1] - leg.from[1]));
      const heading = (Math.atan2(y, x) * 180) / Math.PI;
      return { lat, lng, heading: Math.round((heading + 360) % 360) };
    }
    rest -= leg.length;
  }
  const [lat, lng] = DEMO_ROUTE[0];
  return { lat, lng, heading: 0 };
}

const STATUS_CYCLE = ['TODO', 'IN_PROGRESS', 'DONE'];

/**
 * Keeps the demo moving until `signal` aborts: vehicles drive the loop
 * (Truck 2 speeds on every other lap, raising SPEEDING; passing the depot
 * and the customer site raises geofence alerts), a task changes every few
 * seconds and a call arrives and is scored every half minute.
 */
export async function runLive(
  seeded: SeedOutcome,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<void> {
  const owner: SeedSession = seeded.owner;
  const { vehicles, campaignId, people } = seeded.ids;
  let tick = 0;
  let lastTask = 0;
  let lastCall = Date.now();
  let callNumber = 0;
  const agents = [people.get('sam'), people.get('diego')];

  const moveVehicles = async (): Promise<void> => {
    const at = new Date().toISOString();
    const positions = vehicles.map((vehicle, index) => {
      const metres = vehicle.offset * LAP + tick * METRES_PER_TICK;
      const lap = Math.floor(metres / LAP);
      const speeding = index === 1 && lap % 2 === 1;
      const base = vehicle.speedLimitKph - 15 + ((tick + index * 3) % 10);
      return {
        vehicleId: vehicle.id,
        at,
        ...pointOnRoute(metres),
        speedKph: speeding ? vehicle.speedLimitKph + 35 : base,
      };
    });
    await owner.run(
      'mutation ($positions: [PositionInput!]!) { recordPositions(positions: $positions) }',
      { positions },
    );
  };

  const changeTask = async (): Promise<void> => {
    const data = await owner.run<{
      tasks: {
        nodes: Array<{ id: string; title: string; status: string; parent: { id: string } | null }>;
      };
    }>('{ tasks(first: 100) { nodes { id title status parent { id } } } }');
    const candidates = data.tasks.nodes.filter((task) => task.parent !== null);
    if (candidates.length === 0) return;
    const task = candidates[Math.floor(Math.random() * candidates.length)];
    const next = STATUS_CYCLE[(STATUS_CYCLE.indexOf(task.status) + 1) % STATUS_CYCLE.length];
    await owner.run(
      'mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }',
      { id: task.id, input: { status: next } },
    );
    log(`task "${task.title}" → ${next}`);
  };

  const newCall = async (): Promise<void> => {
    callNumber += 1;
    const call = await importDemoCall(owner, {
      campaignId,
      agentId: agents[callNumber % agents.length],
      externalId: `live-call-${Date.now()}`,
      script: callNumber % DEMO_CALL_SCRIPTS.length,
      at: new Date(Date.now() - 60_000),
    });
    log(`call ${call.id} arrived (${call.scoreStatus})`);
  };

  while (!signal.aborted) {
    const started = Date.now();
    try {
      await moveVehicles();
      if (started - lastTask >= TASK_EVERY_MS) {
        lastTask = started;
        await changeTask();
      }
      if (started - lastCall >= CALL_EVERY_MS) {
        lastCall = started;
        await newCall();
      }
    } catch (error) {
      // The server restarting is no reason to stop: report and try again next tick.
      log(`! ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    tick += 1;
    const wait = Math.max(0, POSITION_EVERY_MS - (Date.now() - started));
    await sleep(wait, undefined, { signal }).catch(() => undefined);
  }
}
