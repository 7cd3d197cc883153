import { Client } from 'pg';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { pollSchedulerId } from '@/modules/fleet/samsara-polling.service';
import { FakeSamsara, FakeVehicleLocations } from '../fakes/samsara.fake';
import { FakeSlack } from '../fakes/slack.fake';
import {
  CONNECT_SAMSARA,
  createVehicle,
  drive,
  FLEET_INTEGRATIONS,
  fleetAlerts,
  recordPositions,
  UPDATE_FLEET_SETTINGS,
} from '../factories/fleet.factory';
import { Account, gqlError, gqlOk, registerUser, suffix } from '../factories/identity.factory';
import { eventually, startApi, TestApp } from '../utils/test-app';

interface Integration {
  id: string;
  provider: string;
  status: string;
  lastPolledAt: string | null;
  lastError: string | null;
}

/** A feed page: each vehicle with `count` locations a second apart from `start`. */
function page(
  vehicles: Array<{ id: string; name: string }>,
  start: Date,
  count: number,
  speedMph = 30,
): FakeVehicleLocations[] {
  return vehicles.map((vehicle, v) => ({
    id: vehicle.id,
    name: vehicle.name,
    locations: Array.from({ length: count }, (_, i) => ({
      time: new Date(start.getTime() + i * 1000).toISOString(),
      latitude: 37.7 + v * 0.01,
      longitude: -122.4 + i * 0.0001,
      speed: speedMph,
      heading: 180,
    })),
  }));
}

describe('fleet: Samsara polling and Slack notifications', () => {
  let api: TestApp;
  let samsara: FakeSamsara;
  let slack: FakeSlack;

  beforeAll(async () => {
    samsara = await new FakeSamsara().start();
    slack = await new FakeSlack().start();
    api = await startApi({
      withWorker: true,
      env: { SAMSARA_API_BASE_URL: samsara.url, SLACK_WEBHOOK_BASE_URL: slack.url },
    });
  });
  afterAll(async () => {
    await api.close();
    await Promise.all([samsara.stop(), slack.stop()]);
  });

  async function integrationOf(owner: Account): Promise<Integration | undefined> {
    const { fleetIntegrations } = await gqlOk<{ fleetIntegrations: Integration[] }>(
      api,
      FLEET_INTEGRATIONS,
      {},
      owner.accessToken,
    );
    return fleetIntegrations[0];
  }

  async function positionCount(organizationId: string): Promise<number> {
    const [{ count }] = await api.dataSource.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM vehicle_position WHERE organization_id = $1',
      [organizationId],
    );
    return count;
  }

  async function cursorOf(organizationId: string): Promise<string | null> {
    const [{ cursor }] = await api.dataSource.query<Array<{ cursor: string | null }>>(
      'SELECT cursor FROM fleet_integration WHERE organization_id = $1',
      [organizationId],
    );
    return cursor;
  }

  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('reads the feed across three pages with a 429 in between, storing every position once', async () => {
    const owner = await registerUser(api);
    const token = `samsara-${suffix()}`;
    const trucks = [
      { id: `2810${suffix()}`, name: 'Samsara Truck A' },
      { id: `2811${suffix()}`, name: 'Samsara Truck B' },
    ];
    // One vehicle already known by its Samsara id; the other is created.
    const known = await createVehicle(api, owner.accessToken, {
      name: 'Our truck A',
      externalId: trucks[0].id,
    });
    const start = new Date(Date.now() - 10 * 60_000);
    samsara.setFeed(token, [
      page(trucks, start, 5),
      page(trucks, new Date(start.getTime() + 5000), 5),
      page(trucks, new Date(start.getTime() + 10_000), 5),
    ]);
    samsara.failAt('cursor-1', { status: 429, headers: { 'retry-after': '1' } });

    const { connectSamsara } = await gqlOk<{ connectSamsara: Integration }>(
      api,
      CONNECT_SAMSARA,
      { apiToken: token },
      owner.accessToken,
    );
    expect(connectSamsara).toMatchObject({ provider: 'samsara', status: 'IDLE' });
    await eventually(
      async () => ((await cursorOf(owner.organizationId)) === 'cursor-3' ? true : undefined),
      {
        what: 'the cursor to reach the third page',
      },
    );
    expect(await positionCount(owner.organizationId)).toBe(30);
    expect(samsara.requestsFor(token).map((request) => [request.after, request.status])).toEqual([
      [null, 200],
      ['cursor-1', 429],
      ['cursor-1', 200],
      ['cursor-2', 200],
    ]);
    const integration = await integrationOf(owner);
    expect(integration).toMatchObject({ status: 'OK', lastError: null });
    expect(integration?.lastPolledAt).toBeTruthy();

    const { vehicles } = await gqlOk<{
      vehicles: Array<{
        id: string;
        name: string;
        externalId: string;
        lastPosition: { speedKph: number; at: string };
      }>;
    }>(
      api,
      '{ vehicles { id name externalId lastPosition { at speedKph } } }',
      {},
      owner.accessToken,
    );
    expect(vehicles.map((vehicle) => vehicle.externalId).sort()).toEqual(
      trucks.map((truck) => truck.id).sort(),
    );
    expect(vehicles.find((vehicle) => vehicle.externalId === trucks[0].id)?.id).toBe(known.id);
    const created = vehicles.find((vehicle) => vehicle.externalId === trucks[1].id)!;
    expect(created.name).toBe('Samsara Truck B');
    expect(created.lastPosition.speedKph).toBeCloseTo(30 * 1.609344, 5);
    expect(created.lastPosition.at).toBe(new Date(start.getTime() + 14_000).toISOString());
    // The token is stored sealed, never in clear.
    const [{ token_sealed: sealed }] = await api.dataSource.query<Array<{ token_sealed: string }>>(
      'SELECT token_sealed FROM fleet_integration WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(sealed).not.toContain(token);
    expect(sealed.startsWith('v1.')).toBe(true);
    const scheduler = await api.app
      .get(QueueRegistry)
      .get(QueueName.FleetPolling)
      .getJobScheduler(pollSchedulerId(owner.organizationId));
    expect(scheduler?.every).toBe(10_000);
  });

  it('re-runs a job killed after fetching and before committing, without losing or duplicating a position', async () => {
    const owner = await registerUser(api);
    const token = `samsara-${suffix()}`;
    const truck = { id: `29${suffix()}`, name: 'Crash test truck' };
    samsara.setFeed(token, []);
    await gqlOk(api, CONNECT_SAMSARA, { apiToken: token }, owner.accessToken);
    await eventually(async () => ((await integrationOf(owner))?.lastPolledAt ? true : undefined), {
      what: 'the first (empty) poll',
    });
    samsara.addPage(token, page([truck], new Date(Date.now() - 60_000), 20));

    // Hold the integration row: the next run fetches the page, then waits to commit it.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM fleet_integration WHERE organization_id = $1 FOR UPDATE', [
        owner.organizationId,
      ]);
      const before = samsara.requestsFor(token).length;
      await api.app
        .get(QueueRegistry)
        .get(QueueName.FleetPolling)
        .add('poll-samsara', { organizationId: owner.organizationId });
      await eventually(() => (samsara.requestsFor(token).length > before ? true : undefined), {
        what: 'the page to be fetched',
      });
      // The run is now blocked inside its transaction: kill its connection.
      const pid = await eventually(
        async () => {
          const rows = await blocker.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query ILIKE '%fleet_integration%' AND pid <> pg_backend_pid()`,
          );
          return rows.rows[0]?.pid;
        },
        { what: 'the run to wait for the lock' },
      );
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      await settle(200);
      expect(await positionCount(owner.organizationId)).toBe(0);
      expect(await cursorOf(owner.organizationId)).toBeNull();
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    // BullMQ retries the failed job: the page is fetched again from the same cursor.
    await eventually(
      async () => ((await cursorOf(owner.organizationId)) === 'cursor-1' ? true : undefined),
      {
        what: 'the retried run to commit',
      },
    );
    expect(await positionCount(owner.organizationId)).toBe(20);
    const fetchesOfPage = samsara
      .requestsFor(token)
      .filter((request) => request.after === null && request.status === 200);
    expect(fetchesOfPage.length).toBeGreaterThanOrEqual(3); // empty poll, killed run, retry
  });

  it('marks the integration ERROR on 401 and stops polling', async () => {
    const owner = await registerUser(api);
    const token = `samsara-${suffix()}`;
    samsara.setFeed(token, [page([{ id: `30${suffix()}`, name: 'T' }], new Date(), 1)]);
    samsara.revoke(token);
    await gqlOk(api, CONNECT_SAMSARA, { apiToken: token }, owner.accessToken);
    const integration = await eventually(
      async () => {
        const current = await integrationOf(owner);
        return current?.status === 'ERROR' ? current : undefined;
      },
      { what: 'status ERROR' },
    );
    expect(integration.lastError).toContain('401');
    const queue = api.app.get(QueueRegistry).get(QueueName.FleetPolling);
    expect(await queue.getJobScheduler(pollSchedulerId(owner.organizationId))).toBeUndefined();
    // Another run (a stray job) does not call Samsara either.
    await queue.add('poll-samsara', { organizationId: owner.organizationId });
    await settle(1000);
    expect(samsara.requestsFor(token)).toHaveLength(1);
    expect(await positionCount(owner.organizationId)).toBe(0);

    // Connecting again (a valid token) clears the error and polling resumes.
    samsara.restore(token);
    const { connectSamsara } = await gqlOk<{ connectSamsara: Integration }>(
      api,
      CONNECT_SAMSARA,
      { apiToken: token },
      owner.accessToken,
    );
    expect(connectSamsara).toMatchObject({ status: 'IDLE', lastError: null });
    await eventually(
      async () => ((await integrationOf(owner))?.status === 'OK' ? true : undefined),
      { what: 'polling to resume' },
    );
    expect(await positionCount(owner.organizationId)).toBe(1);
  });

  it('backs off after a 5xx instead of calling again at once', async () => {
    const owner = await registerUser(api);
    const token = `samsara-${suffix()}`;
    samsara.setFeed(token, [
      page([{ id: `31${suffix()}`, name: 'T' }], new Date(Date.now() - 5000), 3),
    ]);
    samsara.failAt('', { status: 503 });
    await gqlOk(api, CONNECT_SAMSARA, { apiToken: token }, owner.accessToken);
    const integration = await eventually(
      async () => {
        const current = await integrationOf(owner);
        return current?.lastError ? current : undefined;
      },
      { what: 'the failure to be recorded' },
    );
    expect(integration.lastError).toContain('503');
    expect(integration.status).not.toBe('ERROR');
    // A run inside the back-off window does not call Samsara.
    await api.app
      .get(QueueRegistry)
      .get(QueueName.FleetPolling)
      .add('poll-samsara', { organizationId: owner.organizationId });
    await settle(1000);
    expect(samsara.requestsFor(token)).toHaveLength(1);
    const [{ paused_until: pausedUntil }] = await api.dataSource.query<
      Array<{ paused_until: Date }>
    >('SELECT paused_until FROM fleet_integration WHERE organization_id = $1', [
      owner.organizationId,
    ]);
    expect(new Date(pausedUntil).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses an empty token', async () => {
    const owner = await registerUser(api);
    const error = await gqlError(api, CONNECT_SAMSARA, { apiToken: '  ' }, owner.accessToken);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(await integrationOf(owner)).toBeUndefined();
  });

  it('accepts only https://hooks.slack.com webhook URLs (no internal addresses)', async () => {
    const owner = await registerUser(api);
    for (const url of [
      'http://hooks.slack.com/services/T0/B0/x',
      'https://127.0.0.1/services/T0/B0/x',
      'https://169.254.169.254/latest/meta-data',
      'https://0x7f.1/services/x',
      'https://[::ffff:127.0.0.1]/services/x',
      'https://localhost/services/x',
      'https://hooks.slack.com.evil.test/services/x',
      `${slack.url}/services/T0/B0/x`,
    ]) {
      const error = await gqlError(
        api,
        UPDATE_FLEET_SETTINGS,
        { input: { slackWebhookUrl: url } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
    }
  });

  it("posts a CRITICAL alert to the organization's Slack webhook, retrying a failed post", async () => {
    const owner = await registerUser(api);
    const hook = `T${suffix()}/B1/secret`;
    const { updateFleetSettings } = await gqlOk<{
      updateFleetSettings: { slackWebhookConfigured: boolean };
    }>(
      api,
      UPDATE_FLEET_SETTINGS,
      {
        input: {
          slackWebhookUrl: `https://hooks.slack.com/services/${hook}`,
          speedingMinSeconds: 10,
        },
      },
      owner.accessToken,
    );
    expect(updateFleetSettings.slackWebhookConfigured).toBe(true);
    const vehicle = await createVehicle(api, owner.accessToken, {
      name: 'Hot rod',
      speedLimitKph: 80,
    });
    const attemptsBefore = slack.attempts;
    slack.failures = 1;
    // 12 s at 130 km/h (≥ 1.25 × 80): a CRITICAL SPEEDING alert.
    await recordPositions(
      api,
      owner.accessToken,
      drive(vehicle.id, new Date(Date.now() - 60_000), 13, { speedKph: 130 }),
    );
    const post = await eventually(
      () => slack.posts.find((candidate) => candidate.path === `/services/${hook}`),
      { what: 'the Slack post' },
    );
    expect(post.body.text).toContain('SPEEDING');
    expect(post.body.text).toContain('Hot rod');
    expect(slack.attempts - attemptsBefore).toBe(2); // the failed post, then the retry
    const [alert] = await fleetAlerts(api, owner.accessToken, { kind: ['SPEEDING'] });
    expect(alert.severity).toBe('CRITICAL');

    // A WARNING alert posts nothing.
    const calm = await createVehicle(api, owner.accessToken, { speedLimitKph: 80 });
    await recordPositions(
      api,
      owner.accessToken,
      drive(calm.id, new Date(Date.now() - 60_000), 13, { speedKph: 85 }),
    );
    await settle(1000);
    expect(slack.posts.filter((candidate) => candidate.path === `/services/${hook}`)).toHaveLength(
      1,
    );
    // The webhook URL is stored sealed.
    const [{ sealed }] = await api.dataSource.query<Array<{ sealed: string }>>(
      'SELECT slack_webhook_sealed AS sealed FROM fleet_settings WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(sealed).not.toContain('secret');
  });
});
