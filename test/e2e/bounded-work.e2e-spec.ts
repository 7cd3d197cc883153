import { CREATE_EVENT } from '../factories/calendar.factory';
import { gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import { createTask, UPDATE_TASK } from '../factories/task.factory';
import { CREATE_GEOFENCE } from '../factories/fleet.factory';
import { startApi, TestApp } from '../utils/test-app';

/** Issue 14 item 3: one request cannot make the server search or expand without bound. */
describe('bounded work', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('refuses an RRULE that never happens after a bounded search, while /health/live stays fast', async () => {
    const owner = await registerUser(api);
    const live: number[] = [];
    let submitting = true;
    const probe = (async () => {
      while (submitting) {
        const started = performance.now();
        const response = await fetch(`${api.url}/health/live`);
        expect(response.status).toBe(200);
        live.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const started = performance.now();
    const errors = await Promise.all(
      ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31'].map((rule) =>
        gqlError(
          api,
          CREATE_EVENT,
          {
            input: {
              title: 'Never',
              startsAt: '2026-01-05T09:00:00Z',
              endsAt: '2026-01-05T10:00:00Z',
              timezone: 'UTC',
              recurrence: rule,
            },
          },
          owner.accessToken,
        ),
      ),
    );
    const elapsed = performance.now() - started;
    submitting = false;
    await probe;
    for (const error of errors) {
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/no occurrence/);
    }
    expect(elapsed).toBeLessThan(2_000);
    expect(live.length).toBeGreaterThan(0);
    // The old check held the event loop for ~5 s per rule. The median probe
    // answers within 100 ms; the slowest one is bounded loosely, since other
    // processes on a shared CI machine can delay any single request.
    const sorted = [...live].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(100);
    expect(sorted[sorted.length - 1]).toBeLessThan(1_000);
    const stored = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM calendar_event WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(stored[0].n).toBe(0);
  });

  it('gives every pooled connection a statement timeout, answered as TIMEOUT without holding the pool', async () => {
    const [row] =
      await api.dataSource.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
    expect(row.statement_timeout).toBe('15s');
    const [idle] = await api.dataSource.query<
      Array<{ idle_in_transaction_session_timeout: string }>
    >('SHOW idle_in_transaction_session_timeout');
    expect(idle.idle_in_transaction_session_timeout).toBe('30s');

    const fast = await startApi({ env: { DATABASE_STATEMENT_TIMEOUT_MS: '300' } });
    const blocker = fast.dataSource.createQueryRunner();
    try {
      const owner = await registerUser(fast);
      const task = await createTask(fast, owner.accessToken, { title: 'locked' });
      // Another transaction holds the row: the update waits, and is cancelled at 300 ms.
      await blocker.connect();
      await blocker.query('SET statement_timeout = 0');
      await blocker.startTransaction();
      await blocker.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [task.id]);
      const started = Date.now();
      const error = await gqlError(
        fast,
        UPDATE_TASK,
        { id: task.id, input: { title: 'changed' } },
        owner.accessToken,
      );
      expect(error.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);
      await blocker.rollbackTransaction();
      // The pool is fine afterwards.
      await gqlOk(
        fast,
        UPDATE_TASK,
        { id: task.id, input: { title: 'changed' } },
        owner.accessToken,
      );
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
      await fast.close();
    }
  });

  it('caps geofence vertices, rings and fences per organization', async () => {
    const small = await startApi({
      env: {
        GEOFENCE_MAX_VERTICES: '50',
        GEOFENCE_MAX_RINGS: '2',
        GEOFENCE_MAX_PER_ORGANIZATION: '2',
      },
    });
    try {
      const owner = await registerUser(small);
      const square = (size: number, points = 4): number[][] => {
        const ring: number[][] = [];
        for (let i = 0; i < points; i++) {
          const angle = (2 * Math.PI * i) / points;
          ring.push([size * Math.cos(angle), size * Math.sin(angle)]);
        }
        return [...ring, ring[0]];
      };
      const create = (name: string, coordinates: number[][][]) =>
        gqlError(
          small,
          CREATE_GEOFENCE,
          { input: { name, geometry: { type: 'Polygon', coordinates } } },
          owner.accessToken,
        );
      const tooMany = await create('many points', [square(1, 60)]);
      expect(tooMany.code).toBe('BAD_USER_INPUT');
      expect(tooMany.message).toMatch(/at most 50 positions/);
      const rings = await create('many rings', [square(3), square(2), square(1)]);
      expect(rings.code).toBe('BAD_USER_INPUT');
      expect(rings.message).toMatch(/at most 2 rings/);
      for (const name of ['one', 'two']) {
        await gqlOk(
          small,
          CREATE_GEOFENCE,
          { input: { name, geometry: { type: 'Polygon', coordinates: [square(1)] } } },
          owner.accessToken,
        );
      }
      const third = await create('three', [square(1)]);
      expect(third.code).toBe('BAD_USER_INPUT');
      expect(third.message).toMatch(/at most 2 geofences/);
      const [row] = await small.dataSource.query(
        'SELECT count(*)::int AS n FROM geofence WHERE organization_id = $1',
        [owner.organizationId],
      );
      expect(row.n).toBe(2);
    } finally {
      await small.close();
    }
  });
});
