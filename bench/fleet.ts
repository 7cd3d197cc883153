import './production-env';
import 'reflect-metadata';
import { Pool } from 'pg';
import { SamsaraPollingService } from '@/modules/fleet/samsara-polling.service';
import { FakeSamsara, FakeVehicleLocations } from '../test/fakes/samsara.fake';
import { createGeofence, createVehicle, square } from '../test/factories/fleet.factory';
import { gqlOk, registerUser } from '../test/factories/identity.factory';
import { median, runMain, startBenchApi } from './bench-api';

/**
 * `npm run bench:fleet` — sustained position ingest for a fleet of VEHICLES
 * reporting at 1 Hz, with alert evaluation on (geofences, speed limits), in
 * three ways on the same database, alternating rounds:
 * 1. `recordPositions` over HTTP (1,000 positions per call, CONCURRENCY
 *    clients, each for its own share of the fleet);
 * 2. the Samsara polling path (SDK → fake feed over HTTP → vehicle mapping →
 *    bulk insert, alerts, cursor), pages of VEHICLES × 10 locations, i.e.
 *    one page per 10 s poll;
 * 3. the baseline: a plain multi-row `INSERT … ON CONFLICT DO NOTHING` of
 *    the same rows with `pg`, same concurrency, into a copy of the table.
 * Figures are positions per second; the target is ≥ 0.5× the baseline.
 */
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PAGES = Number(process.env.BENCH_PAGES ?? 8);
const BATCH = 1000;
const LOCATIONS_PER_PAGE = 10;

const RECORD = `mutation R($positions: [PositionInput!]!) { recordPositions(positions: $positions) }`;

interface Row {
  vehicleId: string;
  at: string;
  lat: number;
  lng: number;
  speedKph: number;
  heading: number;
}

/** A 1 Hz clock per path, starting 20 days ago, so every batch is new and in time order. */
function clock(startDaysAgo: number) {
  let second = 0;
  const start = Date.now() - startDaysAgo * 86_400_000;
  return { next: (count: number) => ((second += count), start + (second - count) * 1000) };
}

/** `seconds` seconds of 1 Hz positions for `vehicleIds`, starting at `from` (ms). */
function rows(vehicleIds: string[], from: number, seconds: number): Row[] {
  const out: Row[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let v = 0; v < vehicleIds.length; v++) {
      const t = from + s * 1000;
      out.push({
        vehicleId: vehicleIds[v],
        at: new Date(t).toISOString(),
        lat: 45 + v * 0.001,
        lng: 7 + ((t / 1000) % 3600) * 0.0001,
        speedKph: 60 + ((v + s) % 50),
        heading: 90,
      });
    }
  }
  return out;
}

const chunks = <T>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, i * size + size),
  );

/**
 * Times `work`, which returns how many rows it stored, and checks that count
 * against what the table gained (`storedRows` before and after), so a round
 * that miscounts fails instead of skewing a ratio. Returns rows per second.
 */
async function timed(
  storedRows: () => Promise<number>,
  work: () => Promise<number>,
): Promise<number> {
  const before = await storedRows();
  const started = performance.now();
  const count = await work();
  const seconds = (performance.now() - started) / 1000;
  const gained = (await storedRows()) - before;
  if (gained !== count) {
    throw new Error(`counted ${count} stored rows, but the table gained ${gained}`);
  }
  return count / seconds;
}

async function main(): Promise<void> {
  const samsara = await new FakeSamsara().start();
  const { api, databaseUrl, finish } = await startBenchApi('fleet', {
    HTTP_BODY_LIMIT: '2mb',
    SAMSARA_API_BASE_URL: samsara.url,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY + 1 });
  try {
    // Organization 1: recordPositions. VEHICLES vehicles, 5 geofences, limits.
    const owner = await registerUser(api);
    const vehicleIds: string[] = [];
    for (let i = 0; i < VEHICLES; i++) {
      vehicleIds.push(
        (await createVehicle(api, owner.accessToken, { name: `V${i}`, speedLimitKph: 90 })).id,
      );
    }
    for (let g = 0; g < 5; g++) {
      await createGeofence(api, owner.accessToken, `Zone ${g}`, square(7 + g * 0.05, 45.2, 0.02));
    }
    // Organization 2: Samsara. Its vehicles are created by a warm-up page.
    const poller = await registerUser(api);
    for (let g = 0; g < 5; g++) {
      await createGeofence(api, poller.accessToken, `Zone ${g}`, square(7 + g * 0.05, 45.2, 0.02));
    }
    const token = 'bench-token';
    const samsaraIds = Array.from(
      { length: VEHICLES },
      (_, i) => `28${String(i).padStart(10, '0')}`,
    );
    const pollClock = clock(20);
    const page = (): FakeVehicleLocations[] => {
      const from = pollClock.next(LOCATIONS_PER_PAGE);
      return samsaraIds.map((id, v) => ({
        id,
        name: `Samsara ${v}`,
        locations: Array.from({ length: LOCATIONS_PER_PAGE }, (_, s) => ({
          time: new Date(from + s * 1000).toISOString(),
          latitude: 45 + v * 0.001,
          longitude: 7 + s * 0.0001,
          speed: 40 + ((v + s) % 30),
          heading: 90,
        })),
      }));
    };
    samsara.setFeed(token, [page()]);
    await gqlOk(
      api,
      'mutation ($t: String!) { connectSamsara(apiToken: $t) { id } }',
      { t: token },
      poller.accessToken,
    );
    const polling = api.app.get(SamsaraPollingService);
    await polling.poll(poller.organizationId);

    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_position (LIKE vehicle_position INCLUDING ALL)',
    );

    const recordClock = clock(20);
    const baselineClock = clock(20);
    const shares = chunks(vehicleIds, Math.ceil(vehicleIds.length / CONCURRENCY));
    const secondsPerCall = (share: string[]) => Math.max(1, Math.floor(BATCH / share.length));

    /** How many rows of `organizationId` `table` holds. */
    const rowsIn = (table: 'vehicle_position' | 'bench_position', organizationId: string) => () =>
      pool
        .query<{ count: number }>(
          `SELECT count(*)::int AS count FROM ${table} WHERE organization_id = $1`,
          [organizationId],
        )
        .then((result) => result.rows[0].count);

    /**
     * CONCURRENCY clients, each sending its share of the fleet (BATCH
     * positions a call, the next seconds of `positions`' clock) for SECONDS
     * through `store`, which returns how many rows it stored (checked against
     * `storedRows`, see timed).
     */
    const clientsRound = (
      positions: ReturnType<typeof clock>,
      storedRows: () => Promise<number>,
      store: (batch: Row[]) => Promise<number>,
    ) =>
      timed(storedRows, async () => {
        const deadline = performance.now() + SECONDS * 1000;
        let stored = 0;
        await Promise.all(
          shares.map(async (share) => {
            while (performance.now() < deadline) {
              const seconds = secondsPerCall(share);
              const count = await store(rows(share, positions.next(seconds), seconds));
              stored += count;
            }
          }),
        );
        return stored;
      });

    const recordRound = () =>
      clientsRound(recordClock, rowsIn('vehicle_position', owner.organizationId), async (batch) => {
        const { recordPositions } = await gqlOk<{ recordPositions: number }>(
          api,
          RECORD,
          { positions: batch },
          owner.accessToken,
        );
        return recordPositions;
      });

    const baselineRound = () =>
      clientsRound(baselineClock, rowsIn('bench_position', owner.organizationId), async (batch) => {
        const values: unknown[] = [];
        const tuples = batch.map((row, i) => {
          values.push(
            row.vehicleId,
            row.at,
            owner.organizationId,
            row.lat,
            row.lng,
            row.speedKph,
            row.heading,
          );
          const p = i * 7;
          return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
        });
        const result = await pool.query(
          `INSERT INTO bench_position (vehicle_id, at, organization_id, lat, lng, speed_kph, heading)
           VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
          values,
        );
        return result.rowCount ?? 0;
      });

    const pollRound = () => {
      for (let i = 0; i < PAGES; i++) samsara.addPage(token, page());
      return timed(
        rowsIn('vehicle_position', poller.organizationId),
        async () => (await polling.poll(poller.organizationId)).positions,
      );
    };

    // One uncounted round of each: JIT, connection pools and caches warm for all three alike.
    await baselineRound();
    await recordRound();
    await pollRound();
    const record: number[] = [];
    const poll: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      baseline.push(await baselineRound());
      record.push(await recordRound());
      poll.push(await pollRound());
      console.error(
        `round ${round + 1}: baseline ${Math.round(baseline.at(-1)!)}/s, recordPositions ${Math.round(record.at(-1)!)}/s, polling ${Math.round(poll.at(-1)!)}/s`,
      );
    }
    const [alerts] = await pool
      .query<{ count: number }>('SELECT count(*)::int AS count FROM fleet_alert')
      .then((result) => result.rows);
    const base = median(baseline);
    console.log(
      JSON.stringify(
        {
          vehicles: VEHICLES,
          seconds: SECONDS,
          rounds: ROUNDS,
          concurrency: CONCURRENCY,
          positionsPerSecond: {
            baselinePlainInsert: Math.round(base),
            recordPositions: Math.round(median(record)),
            samsaraPolling: Math.round(median(poll)),
          },
          ratio: {
            recordPositions: Number((median(record) / base).toFixed(2)),
            samsaraPolling: Number((median(poll) / base).toFixed(2)),
          },
          alertsRaised: alerts.count,
          target: '>= 0.5 of the plain insert',
        },
        null,
        2,
      ),
    );
  } finally {
    await pool.end();
    await finish();
    await samsara.stop();
  }
}

runMain(main);
