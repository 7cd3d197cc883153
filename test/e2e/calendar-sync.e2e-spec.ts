import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { SecretBox } from '@/common/crypto/secret-box';
import {
  Account,
  gqlError,
  gqlOk,
  registerUser,
  addMemberWithRole,
} from '../factories/identity.factory';
import {
  AVAILABILITY,
  callbackFor,
  CONNECT_GOOGLE,
  CONNECTIONS,
  createEvent,
  DELETE_EVENT,
  DISCONNECT_CALENDAR,
  occurrences,
  startGoogleConnection,
  SYNC_CALENDAR,
  UPDATE_EVENT,
} from '../factories/calendar.factory';
import { FakeGoogle } from '../fakes/google.fake';
import { eventually, startApi, startWorker, TestApp } from '../utils/test-app';

interface ConnectionView {
  id: string;
  provider: string;
  accountEmail: string | null;
  status: string;
  lastSyncedAt: string | null;
  lastError: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Google Calendar connection and sync (e2e)', () => {
  let google: FakeGoogle;
  let api: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    google = await new FakeGoogle().start();
    api = await startApi({ env: google.env() });
    worker = await startWorker({ env: google.env() });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await google?.stop();
  });

  const connectionsOf = async (account: Account): Promise<ConnectionView[]> =>
    (
      await gqlOk<{ calendarConnections: ConnectionView[] }>(
        api,
        CONNECTIONS,
        {},
        account.accessToken,
      )
    ).calendarConnections;

  /** Runs the whole consent round trip for `account` as Google account `email`. */
  async function connect(account: Account, email: string): Promise<ConnectionView> {
    const started = await startGoogleConnection(api, account.accessToken);
    const response = await fetch(callbackFor(started.url, google.issueCode(email), api.url), {
      headers: { cookie: started.cookie },
    });
    const body = (await response.json()) as { connectionId: string };
    if (response.status !== 200) throw new Error(JSON.stringify(body));
    expect({ status: response.status, body }).toEqual({ status: 200, body: expect.anything() });
    return eventually(
      async () => {
        const found = (await connectionsOf(account)).find((c) => c.id === body.connectionId);
        return found?.status === 'OK' ? found : undefined;
      },
      { what: 'the first sync' },
    );
  }

  /**
   * Requests a sync and waits for one that started after the request (a
   * scheduled sync already running when it was made may not have seen the
   * latest change at Google): the connection must have finished a sync after
   * the first list request Google answered for the account since then.
   */
  async function syncNow(account: Account, connection: ConnectionView): Promise<ConnectionView> {
    const requestedAt = Date.now();
    await gqlOk(api, SYNC_CALENDAR, { connectionId: connection.id }, account.accessToken);
    return eventually(
      async () => {
        const started = google.requests.find(
          (r) =>
            r.at >= requestedAt &&
            r.account === connection.accountEmail &&
            r.method === 'GET' &&
            r.path.endsWith('/events'),
        );
        if (!started) return undefined;
        const found = (await connectionsOf(account)).find((c) => c.id === connection.id)!;
        const finished = found.lastSyncedAt ? Date.parse(found.lastSyncedAt) : 0;
        return found.status === 'OK' && finished >= started.at ? found : undefined;
      },
      { what: 'a sync' },
    );
  }

  const rowsOf = (connectionId: string): Promise<Array<Record<string, any>>> =>
    api.dataSource.query<Array<Record<string, any>>>(
      `SELECT id, external_id, title, source, recurring_event_id, cancelled, deleted_at
         FROM calendar_event WHERE connection_id = $1 ORDER BY external_id`,
      [connectionId],
    );

  it('builds an offline consent URL with a signed state, and only for a person with calendar:write', async () => {
    const owner = await registerUser(api);
    const { connectGoogleCalendar } = await gqlOk(api, CONNECT_GOOGLE, {}, owner.accessToken);
    const url = new URL(connectGoogleCalendar.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${google.url}/o/oauth2/v2/auth`);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(google.env().GOOGLE_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toMatch(/\/oauth\/google\/callback$/);
    expect(url.searchParams.get('scope')).toContain(
      'https://www.googleapis.com/auth/calendar.events',
    );
    expect(url.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+$/);
    const viewer = await addMemberWithRole(api, owner, 'VIEWER');
    expect((await gqlError(api, CONNECT_GOOGLE, {}, viewer.accessToken)).code).toBe('FORBIDDEN');
  });

  it('refuses a tampered, foreign or missing OAuth state and stores nothing', async () => {
    const owner = await registerUser(api);
    const started = await startGoogleConnection(api, owner.accessToken);
    const good = new URL(
      callbackFor(started.url, google.issueCode('tamper@example.test'), api.url),
    );
    const state = good.searchParams.get('state')!;
    const [body, signature] = state.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const other = await registerUser(api);
    const forged = Buffer.from(
      JSON.stringify({ ...claims, u: other.userId, o: other.organizationId }),
    ).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${body}.${signature.slice(0, -2)}xx`,
      'garbage',
      '',
    ]) {
      const attempt = new URL(good);
      attempt.searchParams.set('state', bad);
      const response = await fetch(attempt, { headers: { cookie: started.cookie } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.stringMatching(/state/) });
    }
    const count = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM calendar_connection WHERE organization_id = ANY($1::uuid[])',
      [[owner.organizationId, other.organizationId]],
    );
    expect(count[0].n).toBe(0);
  });

  it('accepts a state only from the browser that asked for it, and only once', async () => {
    const owner = await registerUser(api);
    const email = `once-${owner.userId}@gmail.test`;
    const started = await startGoogleConnection(api, owner.accessToken);
    expect(started.setCookie).toMatch(/HttpOnly/);
    expect(started.setCookie).toMatch(/SameSite=Lax/);
    const attempt = (cookie?: string) =>
      fetch(callbackFor(started.url, google.issueCode(email), api.url), {
        headers: cookie ? { cookie } : {},
      });

    // Another browser (no cookie, or its own) cannot complete this connection.
    const other = await startGoogleConnection(api, owner.accessToken);
    for (const cookie of [undefined, other.cookie, 'sb_google_oauth=forged']) {
      const response = await attempt(cookie);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.stringMatching(/browser/) });
    }
    expect(await connectionsOf(owner)).toEqual([]);

    const first = await attempt(started.cookie);
    expect(first.status).toBe(200);
    // The callback clears the cookie.
    expect(first.headers.getSetCookie().join()).toMatch(/sb_google_oauth=;.*Max-Age=0/);
    // Replayed (even with the cookie and a fresh code): refused.
    const replay = await attempt(started.cookie);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: expect.stringMatching(/already used/) });
    expect(await connectionsOf(owner)).toHaveLength(1);
  });

  it("lets only the calendar's owner or the organizer change an event synced from it", async () => {
    const owner = await registerUser(api);
    const admin = await addMemberWithRole(api, owner, 'ADMIN');
    const email = `mine-${owner.userId}@gmail.test`;
    google.calendar(email);
    google.addEvent(email, {
      summary: 'Private standup',
      start: { dateTime: '2026-07-01T09:00:00Z' },
      end: { dateTime: '2026-07-01T09:30:00Z' },
      organizer: { email: 'someone@elsewhere.test' },
    });
    const connection = await connect(owner, email);
    const [row] = await rowsOf(connection.id);
    expect(row.title).toBe('Private standup');

    const update = await gqlError(
      api,
      UPDATE_EVENT,
      { id: row.id, input: { title: 'Hijacked' } },
      admin.accessToken,
    );
    expect(update.code).toBe('FORBIDDEN');
    const remove = await gqlError(api, DELETE_EVENT, { id: row.id }, admin.accessToken);
    expect(remove.code).toBe('FORBIDDEN');
    expect((await rowsOf(connection.id)).map((r) => [r.title, r.deleted_at])).toEqual([
      ['Private standup', null],
    ]);

    await gqlOk(
      api,
      UPDATE_EVENT,
      { id: row.id, input: { title: 'Renamed by its owner' } },
      owner.accessToken,
    );
    expect((await rowsOf(connection.id))[0].title).toBe('Renamed by its owner');
  });

  it('stores the refresh token encrypted, syncs fully through pages, then incrementally with the sync token', async () => {
    const owner = await registerUser(api);
    const email = `full-${owner.userId}@gmail.test`;
    google.calendar(email, 'Europe/London');
    google.issueCode(email); // the account exists before the person connects it
    for (let i = 1; i <= 5; i++) {
      google.addEvent(email, {
        summary: `Remote ${i}`,
        start: { dateTime: `2026-04-0${i}T09:00:00Z` },
        end: { dateTime: `2026-04-0${i}T10:00:00Z` },
      });
    }
    google.pageSize = 2;
    let connection: ConnectionView;
    try {
      connection = await connect(owner, email);
    } finally {
      google.pageSize = 250;
    }
    expect(connection).toMatchObject({
      provider: 'google',
      accountEmail: email,
      status: 'OK',
      lastError: null,
    });

    // The raw row: no plain token anywhere, and it opens only with its own context.
    const refreshToken = google.refreshTokenOf(email)!;
    const [raw] = await api.dataSource.query('SELECT * FROM calendar_connection WHERE id = $1', [
      connection.id,
    ]);
    expect(JSON.stringify(raw)).not.toContain(refreshToken);
    expect(raw.refresh_token_sealed).toMatch(/^v1\./);
    const box = api.app.get(SecretBox);
    const context = `${owner.organizationId}:calendar_connection:${connection.id}`;
    expect(box.decrypt(raw.refresh_token_sealed, context)).toBe(refreshToken);
    expect(() =>
      box.decrypt(raw.refresh_token_sealed, `other:calendar_connection:${connection.id}`),
    ).toThrow();

    const lists = google.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/events'));
    expect(lists.length).toBeGreaterThanOrEqual(3); // 5 events, pages of 2
    expect(lists.some((r) => r.query.pageToken)).toBe(true);
    let rows = await rowsOf(connection.id);
    expect(rows.map((r) => r.title).sort()).toEqual([
      'Remote 1',
      'Remote 2',
      'Remote 3',
      'Remote 4',
      'Remote 5',
    ]);
    expect(rows.every((r) => r.source === 'GOOGLE')).toBe(true);

    // Incremental: one added, one changed, one deleted at Google.
    const remote = google.events(email);
    google.addEvent(email, {
      summary: 'Remote 6',
      start: { dateTime: '2026-04-06T09:00:00Z' },
      end: { dateTime: '2026-04-06T10:00:00Z' },
    });
    google.changeEvent(email, remote[0].id, { summary: 'Remote 1 renamed' });
    google.deleteEvent(email, remote[1].id);
    const requestsBefore = google.requests.length;
    await syncNow(owner, connection);
    const incremental = google.requests
      .slice(requestsBefore)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/events'));
    expect(incremental[0].query.syncToken).toMatch(/^sync-/);
    rows = await rowsOf(connection.id);
    expect(rows.map((r) => r.title).sort()).toEqual([
      'Remote 1 renamed',
      'Remote 3',
      'Remote 4',
      'Remote 5',
      'Remote 6',
    ]);
    const list = await occurrences(
      api,
      owner.accessToken,
      '2026-04-01T00:00:00Z',
      '2026-04-10T00:00:00Z',
      [owner.userId],
    );
    expect(list.map((o) => o.event.title)).toEqual([
      'Remote 1 renamed',
      'Remote 3',
      'Remote 4',
      'Remote 5',
      'Remote 6',
    ]);

    // One repeatable job for the connection, at the configured interval (default 5 minutes).
    const queue = worker.get<Queue>(getQueueToken('calendar-sync'));
    const schedulers = await queue.getJobSchedulers();
    const mine = schedulers.filter((s) => s.key === `calendar-sync:${connection.id}`);
    expect(mine).toHaveLength(1);
    expect(Number(mine[0].every)).toBe(5 * 60_000);

    // 410 Gone: the token is dropped and a full resync runs, without duplicating anything.
    google.expireSyncTokens();
    google.changeEvent(email, remote[2].id, { summary: 'Remote 3 after 410' });
    const mark = google.requests.length;
    await syncNow(owner, connection);
    const after410 = google.requests.slice(mark).filter((r) => r.path.endsWith('/events'));
    // A scheduled sync of the connection may run beside this one (they take
    // turns under the connection's lock): what counts is that the 410 is
    // followed by a full resync, without a sync token.
    const gone = after410.findIndex((r) => r.status === 410);
    expect(gone).toBeGreaterThanOrEqual(0);
    expect(after410.slice(gone + 1).some((r) => r.query.syncToken === undefined)).toBe(true);
    rows = await rowsOf(connection.id);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(5);
    expect(rows.map((r) => r.title)).toContain('Remote 3 after 410');

    // Disconnect: the token is revoked at Google, the row and Google's events are gone.
    expect(
      (await gqlOk(api, DISCONNECT_CALENDAR, { connectionId: connection.id }, owner.accessToken))
        .disconnectCalendar,
    ).toBe(true);
    expect(google.revoked).toContain(refreshToken);
    expect(await connectionsOf(owner)).toEqual([]);
    expect(await rowsOf(connection.id)).toEqual([]);
    expect(
      (await queue.getJobSchedulers()).some((s) => s.key === `calendar-sync:${connection.id}`),
    ).toBe(false);
  });

  it('maps a recurring master, its moved exception and a cancelled instance', async () => {
    const owner = await registerUser(api);
    const email = `recurring-${owner.userId}@gmail.test`;
    google.calendar(email, 'America/New_York');
    const series = google.addEvent(email, {
      summary: 'Weekly sync',
      start: { dateTime: '2026-03-02T10:00:00-05:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-02T11:00:00-05:00', timeZone: 'America/New_York' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=America/New_York:20260309T100000'],
    });
    google.addEvent(email, {
      id: `${series.id}_20260316T140000Z`,
      summary: 'Weekly sync (moved)',
      recurringEventId: series.id,
      originalStartTime: { dateTime: '2026-03-16T14:00:00Z', timeZone: 'America/New_York' },
      start: { dateTime: '2026-03-17T14:00:00Z', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-17T15:00:00Z', timeZone: 'America/New_York' },
    });
    google.addEvent(email, {
      id: `${series.id}_20260323T140000Z`,
      status: 'cancelled',
      recurringEventId: series.id,
      originalStartTime: { dateTime: '2026-03-23T14:00:00Z', timeZone: 'America/New_York' },
    });
    const connection = await connect(owner, email);
    const list = await occurrences(
      api,
      owner.accessToken,
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    );
    expect(list.map((o) => [o.startsAt, o.event.title])).toEqual([
      ['2026-03-02T15:00:00.000Z', 'Weekly sync'],
      ['2026-03-17T14:00:00.000Z', 'Weekly sync (moved)'],
    ]);
    const rows = await rowsOf(connection.id);
    expect(rows.filter((r) => r.recurring_event_id).length).toBe(2);

    // The whole series is deleted at Google: ours goes too.
    google.deleteEvent(email, series.id);
    await syncNow(owner, connection);
    expect(
      await occurrences(api, owner.accessToken, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    ).toEqual([]);
  });

  it('hides a cancelled instance of an all-day series', async () => {
    const owner = await registerUser(api);
    const email = `all-day-${owner.userId}@gmail.test`;
    google.calendar(email, 'Europe/London');
    const series = google.addEvent(email, {
      summary: 'Bin day',
      start: { date: '2026-03-02' },
      end: { date: '2026-03-03' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
    });
    google.addEvent(email, {
      id: `${series.id}_20260309`,
      status: 'cancelled',
      recurringEventId: series.id,
      originalStartTime: { date: '2026-03-09' },
    });
    await connect(owner, email);
    const list = await occurrences(
      api,
      owner.accessToken,
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    );
    expect(list.map((o) => o.startsAt)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
    ]);
  });

  it('pushes local creates, updates and deletes to Google, and resolves a conflict newest-wins', async () => {
    const owner = await registerUser(api);
    const email = `push-${owner.userId}@gmail.test`;
    const connection = await connect(owner, email);
    const event = await createEvent(api, owner.accessToken, {
      title: 'Made here',
      startsAt: '2026-05-04T13:00:00Z',
      endsAt: '2026-05-04T14:00:00Z',
      timezone: 'Europe/Paris',
      attendees: [{ email: 'guest@example.test', name: 'Guest' }],
    });
    const pushed = await eventually(
      () => google.events(email).find((e) => e.summary === 'Made here'),
      { what: 'the insert at Google' },
    );
    expect(pushed.start).toEqual({
      dateTime: '2026-05-04T13:00:00.000Z',
      timeZone: 'Europe/Paris',
    });
    expect(pushed.attendees).toEqual([
      { email: 'guest@example.test', displayName: 'Guest', responseStatus: 'needsAction' },
    ]);
    await eventually(async () => {
      const [row] = await api.dataSource.query(
        'SELECT external_id, pending_push FROM calendar_event WHERE id = $1',
        [event.id],
      );
      return row.external_id === pushed.id && row.pending_push === false ? row : undefined;
    });

    // A local edit is patched at Google (with the etag we last saw).
    await gqlOk(
      api,
      UPDATE_EVENT,
      { id: event.id, input: { title: 'Edited here' } },
      owner.accessToken,
    );
    await eventually(() =>
      google.events(email).find((e) => e.id === pushed.id && e.summary === 'Edited here'),
    );
    const patch = google.requests
      .filter((r) => r.method === 'PATCH' && r.path.endsWith(pushed.id))
      .pop()!;
    expect(patch.headers['if-match']).toBeDefined();

    // The sync that follows does not bring a duplicate back.
    await syncNow(owner, connection);
    expect((await rowsOf(connection.id)).filter((r) => r.external_id === pushed.id)).toHaveLength(
      1,
    );

    // Conflict: Google changed it after our last look and later than our edit → Google wins.
    google.changeEvent(email, pushed.id, {
      summary: 'Edited at Google later',
      updated: new Date(Date.now() + 60_000).toISOString(),
    });
    await gqlOk(
      api,
      UPDATE_EVENT,
      { id: event.id, input: { title: 'Stale local edit' } },
      owner.accessToken,
    );
    await eventually(async () => {
      const [row] = await api.dataSource.query(
        'SELECT title, pending_push FROM calendar_event WHERE id = $1',
        [event.id],
      );
      return row.title === 'Edited at Google later' && !row.pending_push ? row : undefined;
    });
    expect(google.events(email).find((e) => e.id === pushed.id)!.summary).toBe(
      'Edited at Google later',
    );

    // A local deletion deletes at Google.
    await gqlOk(api, DELETE_EVENT, { id: event.id }, owner.accessToken);
    await eventually(() =>
      google.events(email).find((e) => e.id === pushed.id && e.status === 'cancelled'),
    );
    await eventually(async () => ((await rowsOf(connection.id)).length === 0 ? true : undefined));
  });

  it('pushes a local series with a deleted and a moved instance, and pulls it back unchanged', async () => {
    const owner = await registerUser(api);
    const email = `series-${owner.userId}@gmail.test`;
    const connection = await connect(owner, email);
    const series = await createEvent(api, owner.accessToken, {
      title: 'Local weekly',
      startsAt: '2026-03-02T15:00:00Z',
      endsAt: '2026-03-02T16:00:00Z',
      timezone: 'America/New_York',
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    });
    const googleId = series.id.replace(/-/g, '');
    await eventually(() => google.events(email).find((e) => e.id === googleId));
    await gqlOk(
      api,
      DELETE_EVENT,
      { id: series.id, occurrenceStartsAt: '2026-03-09T14:00:00Z' },
      owner.accessToken,
    );
    await eventually(() =>
      google
        .events(email)
        .find(
          (e) => e.id === googleId && e.recurrence?.includes('EXDATE:20260309T140000Z') === true,
        ),
    );
    await gqlOk(
      api,
      UPDATE_EVENT,
      {
        id: series.id,
        occurrenceStartsAt: '2026-03-16T14:00:00Z',
        input: { startsAt: '2026-03-17T14:00:00Z', endsAt: '2026-03-17T15:00:00Z' },
      },
      owner.accessToken,
    );
    const exception = await eventually(() =>
      google.events(email).find((e) => e.id === `${googleId}_20260316T140000Z`),
    );
    expect(exception).toMatchObject({
      recurringEventId: googleId,
      start: { dateTime: '2026-03-17T14:00:00.000Z' },
    });
    const expected = [
      '2026-03-02T15:00:00.000Z',
      '2026-03-17T14:00:00.000Z',
      '2026-03-23T14:00:00.000Z',
    ];
    const range = ['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'] as const;
    expect((await occurrences(api, owner.accessToken, ...range)).map((o) => o.startsAt)).toEqual(
      expected,
    );
    await syncNow(owner, connection);
    expect((await occurrences(api, owner.accessToken, ...range)).map((o) => o.startsAt)).toEqual(
      expected,
    );
    expect(await rowsOf(connection.id)).toHaveLength(2);
  });

  it('keeps an unpushed local edit over an older remote change, then pushes it', async () => {
    const owner = await registerUser(api);
    const email = `older-remote-${owner.userId}@gmail.test`;
    const connection = await connect(owner, email);
    const event = await createEvent(api, owner.accessToken, {
      title: 'Original',
      startsAt: '2026-07-01T09:00:00Z',
      endsAt: '2026-07-01T10:00:00Z',
    });
    const googleId = event.id.replace(/-/g, '');
    await eventually(() => google.events(email).find((e) => e.id === googleId));
    await eventually(async () => {
      const [row] = await api.dataSource.query(
        'SELECT pending_push FROM calendar_event WHERE id = $1',
        [event.id],
      );
      return row.pending_push === false ? true : undefined;
    });
    // Google is down for our patches for a while: the local edit stays pending.
    google.fail(new RegExp(`/events/${googleId}$`), 503, 2, 'PATCH');
    await gqlOk(
      api,
      UPDATE_EVENT,
      { id: event.id, input: { title: 'Local edit' } },
      owner.accessToken,
    );
    // Meanwhile a change at Google that is older than the local edit arrives.
    google.changeEvent(email, googleId, {
      summary: 'Older remote edit',
      updated: new Date(Date.now() - 3600_000).toISOString(),
    });
    await syncNow(owner, connection);
    const [kept] = await api.dataSource.query('SELECT title FROM calendar_event WHERE id = $1', [
      event.id,
    ]);
    expect(kept.title).toBe('Local edit');
    // The retried push lands (with the new etag after a 412, the local copy being newer).
    await eventually(
      () => google.events(email).find((e) => e.id === googleId && e.summary === 'Local edit'),
      { timeoutMs: 20_000, what: 'the retried push' },
    );
  });

  it('counts pulled events as busy for availability unless the person declined them', async () => {
    const owner = await registerUser(api, { timezone: 'Europe/London' });
    const email = `busy-${owner.userId}@gmail.test`;
    google.calendar(email, 'Europe/London');
    google.addEvent(email, {
      summary: 'Accepted',
      organizer: { email: 'someone@elsewhere.test' },
      start: { dateTime: '2026-02-02T10:00:00Z' },
      end: { dateTime: '2026-02-02T11:00:00Z' },
      attendees: [{ email: owner.email, responseStatus: 'accepted' }],
    });
    google.addEvent(email, {
      summary: 'Declined',
      organizer: { email: 'someone@elsewhere.test' },
      start: { dateTime: '2026-02-02T14:00:00Z' },
      end: { dateTime: '2026-02-02T15:00:00Z' },
      attendees: [{ email: owner.email, responseStatus: 'declined' }],
    });
    await connect(owner, email);
    const { availability } = await gqlOk(
      api,
      AVAILABILITY,
      {
        input: {
          userIds: [owner.userId],
          from: '2026-02-02T00:00:00Z',
          to: '2026-02-03T00:00:00Z',
          durationMinutes: 30,
        },
      },
      owner.accessToken,
    );
    // London in February is UTC+0: 09:00-17:00Z minus the accepted 10:00-11:00Z.
    expect(availability).toEqual([
      { startsAt: '2026-02-02T09:00:00.000Z', endsAt: '2026-02-02T10:00:00.000Z' },
      { startsAt: '2026-02-02T11:00:00.000Z', endsAt: '2026-02-02T17:00:00.000Z' },
    ]);
  });

  it('removes our copy when Google deletes an event', async () => {
    const owner = await registerUser(api);
    const email = `remote-delete-${owner.userId}@gmail.test`;
    google.calendar(email);
    const remote = google.addEvent(email, {
      summary: 'Doomed',
      start: { dateTime: '2026-06-01T09:00:00Z' },
      end: { dateTime: '2026-06-01T10:00:00Z' },
    });
    const connection = await connect(owner, email);
    expect((await rowsOf(connection.id)).map((r) => r.title)).toEqual(['Doomed']);
    google.deleteEvent(email, remote.id);
    await syncNow(owner, connection);
    expect(await rowsOf(connection.id)).toEqual([]);
  });

  it('retries 429 and 5xx with backoff', async () => {
    const owner = await registerUser(api);
    const email = `flaky-${owner.userId}@gmail.test`;
    const connection = await connect(owner, email);
    google.fail(new RegExp(`/calendars/primary/events$`), 429, 1, 'GET');
    google.fail(new RegExp(`/calendars/primary/events$`), 503, 1, 'GET');
    const mark = google.requests.length;
    const synced = await syncNow(owner, connection);
    expect(synced.lastError).toBeNull();
    const statuses = google.requests
      .slice(mark)
      .filter((r) => r.path.endsWith('/events'))
      .map((r) => r.status);
    expect(statuses.slice(0, 3)).toEqual([429, 503, 200]);
  });

  it('marks the connection ERROR "reconnect required" on invalid_grant and does not retry', async () => {
    const owner = await registerUser(api);
    const email = `revoked-${owner.userId}@gmail.test`;
    const connection = await connect(owner, email);
    google.revokeGrants(email);
    const mark = google.requests.length;
    await gqlOk(api, SYNC_CALENDAR, { connectionId: connection.id }, owner.accessToken);
    const failed = await eventually(async () => {
      const found = (await connectionsOf(owner)).find((c) => c.id === connection.id)!;
      return found.status === 'ERROR' ? found : undefined;
    });
    expect(failed.lastError).toBe('reconnect required');
    await pause(2500); // longer than the first retry's backoff
    // This connection's refreshes only: other tests' connections may refresh meanwhile.
    const refreshToken = google.refreshTokenOf(email);
    const tokenCalls = google.requests
      .slice(mark)
      .filter(
        (r) =>
          r.path === '/token' &&
          (r.body as { refresh_token?: string } | undefined)?.refresh_token === refreshToken,
      );
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0].status).toBe(400);
    const refused = await gqlError(
      api,
      SYNC_CALENDAR,
      { connectionId: connection.id },
      owner.accessToken,
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('reconnect required');
    const queue = worker.get<Queue>(getQueueToken('calendar-sync'));
    expect(
      (await queue.getJobSchedulers()).some((s) => s.key === `calendar-sync:${connection.id}`),
    ).toBe(false);

    // Connecting again repairs it.
    const repaired = await connect(owner, email);
    expect(repaired).toMatchObject({ id: connection.id, status: 'OK', lastError: null });
  });

  it('hides connections and refuses their ids across organizations', async () => {
    const owner = await registerUser(api);
    const connection = await connect(owner, `own-${owner.userId}@gmail.test`);
    const stranger = await registerUser(api);
    expect(await connectionsOf(stranger)).toEqual([]);
    expect(
      (await gqlError(api, SYNC_CALENDAR, { connectionId: connection.id }, stranger.accessToken))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await gqlError(
          api,
          DISCONNECT_CALENDAR,
          { connectionId: connection.id },
          stranger.accessToken,
        )
      ).code,
    ).toBe('NOT_FOUND');
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    expect(
      (await gqlError(api, DISCONNECT_CALENDAR, { connectionId: connection.id }, agent.accessToken))
        .code,
    ).toBe('FORBIDDEN');
  });
});
