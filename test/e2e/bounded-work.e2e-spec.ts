import { CREATE_EVENT } from '../factories/calendar.factory';
import { gqlError, registerUser } from '../factories/identity.factory';
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
    expect(Math.max(...live)).toBeLessThan(100);
    const stored = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM calendar_event WHERE organization_id = $1',
      [owner.organizationId],
    );
    expect(stored[0].n).toBe(0);
  });
});
