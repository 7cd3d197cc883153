import {
  Account,
  addMemberWithRole,
  createApiKey,
  gqlError,
  gqlOk,
  Member,
  registerUser,
} from '../factories/identity.factory';
import {
  AVAILABILITY,
  createEvent,
  DELETE_EVENT,
  EVENT,
  occurrences,
  UPDATE_EVENT,
} from '../factories/calendar.factory';
import { startApi, TestApp } from '../utils/test-app';

const starts = (list: Array<{ startsAt: string }>) => list.map((item) => item.startsAt);

describe('Calendar events and availability (e2e)', () => {
  let api: TestApp;
  let owner: Account;

  beforeAll(async () => {
    api = await startApi();
    owner = await registerUser(api, { timezone: 'America/New_York' });
  });

  afterAll(async () => {
    await api.close();
  });

  describe('events', () => {
    it('creates an event with attendees linked to members by email, organized by the caller', async () => {
      const agent = await addMemberWithRole(api, owner, 'AGENT');
      const event = await createEvent(api, owner.accessToken, {
        title: '  Planning  ',
        description: 'Quarterly',
        location: 'Room 1',
        attendees: [
          { email: agent.email.toUpperCase(), name: 'Agent' },
          { email: 'outsider@example.test' },
          { email: owner.email },
        ],
      });
      expect(event).toMatchObject({
        title: 'Planning',
        description: 'Quarterly',
        location: 'Room 1',
        timezone: 'UTC',
        allDay: false,
        source: 'LOCAL',
        externalId: null,
        organizer: { id: owner.userId },
      });
      expect(event.attendees).toEqual([
        { email: agent.email, name: 'Agent', response: 'NEEDS_ACTION', user: { id: agent.userId } },
        { email: 'outsider@example.test', name: null, response: 'NEEDS_ACTION', user: null },
        { email: owner.email, name: null, response: 'ACCEPTED', user: { id: owner.userId } },
      ]);
      const read = await gqlOk(api, EVENT, { id: event.id }, owner.accessToken);
      expect(read.event.id).toBe(event.id);
    });

    it("uses the organizer's own time zone when none is given", async () => {
      const event = await createEvent(api, owner.accessToken, { timezone: undefined });
      expect(event.timezone).toBe('America/New_York');
    });

    it('stores an all-day event as midnight of its dates in its zone', async () => {
      const event = await createEvent(api, owner.accessToken, {
        allDay: true,
        timezone: 'Asia/Tokyo',
        startsAt: '2026-05-01T00:00:00Z',
        endsAt: '2026-05-02T00:00:00Z',
      });
      expect(event).toMatchObject({
        allDay: true,
        startsAt: '2026-04-30T15:00:00.000Z',
        endsAt: '2026-05-01T15:00:00.000Z',
      });
    });

    it.each([
      [{ endsAt: '2026-03-02T15:00:00.000Z' }, 'input.endsAt'],
      [{ endsAt: '2026-03-02T14:00:00.000Z' }, 'input.endsAt'],
      [{ timezone: 'Mars/Olympus_Mons' }, 'input.timezone'],
      [{ timezone: '+02:00' }, 'input.timezone'],
      [{ recurrence: 'FREQ=FORTNIGHTLY' }, 'input.recurrence'],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=XX' }, 'input.recurrence'],
      [{ recurrence: 'FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z' }, 'input.recurrence'],
      [{ recurrence: 'FREQ=MINUTELY' }, 'input.recurrence'],
      [{ recurrence: 'BYDAY=MO' }, 'input.recurrence'],
      [{ title: '   ' }, 'input.title'],
      [{ attendees: [{ email: 'not-an-email' }] }, 'input.attendees.0.email'],
    ])('refuses bad input %j and creates nothing', async (input, path) => {
      const before = await occurrences(
        api,
        owner.accessToken,
        '2026-03-01T00:00:00Z',
        '2026-03-04T00:00:00Z',
      );
      const error = await gqlError(
        api,
        `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        {
          input: {
            title: 'Bad',
            startsAt: '2026-03-02T15:00:00.000Z',
            endsAt: '2026-03-02T16:00:00.000Z',
            timezone: 'UTC',
            ...input,
          },
        },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(error.extensions)).toContain(path);
      const after = await occurrences(
        api,
        owner.accessToken,
        '2026-03-01T00:00:00Z',
        '2026-03-04T00:00:00Z',
      );
      expect(after).toHaveLength(before.length);
    });

    it('updates and deletes an event', async () => {
      const event = await createEvent(api, owner.accessToken);
      const updated = await gqlOk(
        api,
        UPDATE_EVENT,
        { id: event.id, input: { title: 'Renamed', endsAt: '2026-03-02T17:00:00.000Z' } },
        owner.accessToken,
      );
      expect(updated.updateEvent).toMatchObject({
        title: 'Renamed',
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T17:00:00.000Z',
      });
      const error = await gqlError(
        api,
        UPDATE_EVENT,
        { id: event.id, input: { startsAt: '2026-03-02T18:00:00.000Z' } },
        owner.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(
        (await gqlOk(api, DELETE_EVENT, { id: event.id }, owner.accessToken)).deleteEvent,
      ).toBe(true);
      expect((await gqlOk(api, EVENT, { id: event.id }, owner.accessToken)).event).toBeNull();
      const again = await gqlError(api, DELETE_EVENT, { id: event.id }, owner.accessToken);
      expect(again.code).toBe('NOT_FOUND');
    });

    it('lets a VIEWER read but not write, and an API key write', async () => {
      const viewer = await addMemberWithRole(api, owner, 'VIEWER');
      const error = await gqlError(
        api,
        `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        { input: { title: 'x', startsAt: '2026-03-02T15:00:00Z', endsAt: '2026-03-02T16:00:00Z' } },
        viewer.accessToken,
      );
      expect(error.code).toBe('FORBIDDEN');
      await occurrences(api, viewer.accessToken, '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z');
      const key = await createApiKey(api, owner, 'AGENT');
      const event = await createEvent(api, key.secret, { timezone: 'Europe/London' });
      expect(event.organizer).toBeNull();
    });
  });

  describe('recurrence', () => {
    let tenant: Account;
    beforeEach(async () => {
      tenant = await registerUser(api, { timezone: 'America/New_York' });
    });

    it('expands a weekly event with an EXDATE and a moved instance, across the US DST change', async () => {
      // Mondays 10:00-11:00 New York; DST starts Sunday 8 March 2026 (UTC-5 -> UTC-4).
      const series = await createEvent(api, tenant.accessToken, {
        title: 'Standup',
        startsAt: '2026-02-23T15:00:00.000Z',
        endsAt: '2026-02-23T16:00:00.000Z',
        timezone: 'America/New_York',
        recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=MO',
      });
      expect(series.recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');
      const from = '2026-03-01T00:00:00Z';
      const to = '2026-03-31T00:00:00Z';
      expect(starts(await occurrences(api, tenant.accessToken, from, to))).toEqual([
        '2026-03-02T15:00:00.000Z',
        '2026-03-09T14:00:00.000Z',
        '2026-03-16T14:00:00.000Z',
        '2026-03-23T14:00:00.000Z',
        '2026-03-30T14:00:00.000Z',
      ]);

      // Delete 16 March (EXDATE) and move 23 March to Tuesday 24 March 13:00 local.
      await gqlOk(
        api,
        DELETE_EVENT,
        { id: series.id, occurrenceStartsAt: '2026-03-16T14:00:00.000Z' },
        tenant.accessToken,
      );
      const moved = await gqlOk(
        api,
        UPDATE_EVENT,
        {
          id: series.id,
          occurrenceStartsAt: '2026-03-23T14:00:00.000Z',
          input: {
            title: 'Standup (moved)',
            startsAt: '2026-03-24T17:00:00.000Z',
            endsAt: '2026-03-24T18:00:00.000Z',
          },
        },
        tenant.accessToken,
      );
      expect(moved.updateEvent.id).not.toBe(series.id);
      expect(moved.updateEvent.recurrence).toBeNull();

      const list = await occurrences(api, tenant.accessToken, from, to);
      expect(list.map((item) => [item.startsAt, item.endsAt, item.event.title])).toEqual([
        ['2026-03-02T15:00:00.000Z', '2026-03-02T16:00:00.000Z', 'Standup'],
        ['2026-03-09T14:00:00.000Z', '2026-03-09T15:00:00.000Z', 'Standup'],
        ['2026-03-24T17:00:00.000Z', '2026-03-24T18:00:00.000Z', 'Standup (moved)'],
        ['2026-03-30T14:00:00.000Z', '2026-03-30T15:00:00.000Z', 'Standup'],
      ]);

      // Editing the moved instance again edits the same override row.
      const again = await gqlOk(
        api,
        UPDATE_EVENT,
        { id: series.id, occurrenceStartsAt: '2026-03-23T14:00:00.000Z', input: { location: 'B' } },
        tenant.accessToken,
      );
      expect(again.updateEvent.id).toBe(moved.updateEvent.id);

      // Deleting the moved instance removes it (and keeps it from coming back).
      await gqlOk(api, DELETE_EVENT, { id: moved.updateEvent.id }, tenant.accessToken);
      expect(starts(await occurrences(api, tenant.accessToken, from, to))).toEqual([
        '2026-03-02T15:00:00.000Z',
        '2026-03-09T14:00:00.000Z',
        '2026-03-30T14:00:00.000Z',
      ]);
    });

    it('drops the exceptions of a series that stops recurring', async () => {
      const series = await createEvent(api, tenant.accessToken, {
        title: 'Series',
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T16:00:00.000Z',
        recurrence: 'FREQ=DAILY;COUNT=3',
      });
      await gqlOk(
        api,
        UPDATE_EVENT,
        {
          id: series.id,
          occurrenceStartsAt: '2026-03-03T15:00:00.000Z',
          input: { startsAt: '2026-03-03T18:00:00.000Z', endsAt: '2026-03-03T19:00:00.000Z' },
        },
        tenant.accessToken,
      );
      await gqlOk(
        api,
        UPDATE_EVENT,
        { id: series.id, input: { recurrence: null } },
        tenant.accessToken,
      );
      expect(
        starts(
          await occurrences(
            api,
            tenant.accessToken,
            '2026-03-01T00:00:00Z',
            '2026-03-10T00:00:00Z',
          ),
        ),
      ).toEqual(['2026-03-02T15:00:00.000Z']);
    });

    it('refuses an occurrence that is not an instance of the series', async () => {
      const series = await createEvent(api, tenant.accessToken, {
        startsAt: '2026-03-02T15:00:00.000Z',
        endsAt: '2026-03-02T16:00:00.000Z',
        recurrence: 'FREQ=WEEKLY',
      });
      const error = await gqlError(
        api,
        DELETE_EVENT,
        { id: series.id, occurrenceStartsAt: '2026-03-03T15:00:00.000Z' },
        tenant.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(error.extensions)).toContain('occurrenceStartsAt');
    });

    it('repeats monthly on the 31st only in months that have one', async () => {
      await createEvent(api, tenant.accessToken, {
        startsAt: '2026-01-31T09:00:00.000Z',
        endsAt: '2026-01-31T09:30:00.000Z',
        timezone: 'Europe/London',
        recurrence: 'FREQ=MONTHLY;BYMONTHDAY=31',
      });
      // London is UTC+1 from 29 March to 25 October 2026: 09:00 local is 08:00Z then.
      expect(
        starts(
          await occurrences(
            api,
            tenant.accessToken,
            '2026-01-01T00:00:00Z',
            '2026-12-31T23:59:59Z',
          ),
        ),
      ).toEqual([
        '2026-01-31T09:00:00.000Z',
        '2026-03-31T08:00:00.000Z',
        '2026-05-31T08:00:00.000Z',
        '2026-07-31T08:00:00.000Z',
        '2026-08-31T08:00:00.000Z',
        '2026-10-31T09:00:00.000Z',
        '2026-12-31T09:00:00.000Z',
      ]);
    });

    it('keeps a daily 09:00 Sydney event at 09:00 local when Sydney leaves DST', async () => {
      // Sydney leaves DST on Sunday 5 April 2026 at 03:00 (UTC+11 -> UTC+10).
      await createEvent(api, tenant.accessToken, {
        startsAt: '2026-04-03T22:00:00.000Z',
        endsAt: '2026-04-03T23:00:00.000Z',
        timezone: 'Australia/Sydney',
        recurrence: 'FREQ=DAILY;COUNT=4',
      });
      expect(
        starts(
          await occurrences(
            api,
            tenant.accessToken,
            '2026-04-01T00:00:00Z',
            '2026-04-30T00:00:00Z',
          ),
        ),
      ).toEqual([
        '2026-04-03T22:00:00.000Z', // Sat 4 April 09:00 AEDT (UTC+11)
        '2026-04-04T23:00:00.000Z', // Sun 5 April 09:00 AEST (UTC+10), after the 03:00 change
        '2026-04-05T23:00:00.000Z',
        '2026-04-06T23:00:00.000Z',
      ]);
    });

    it('returns single events and occurrences ordered by start, filtered by user', async () => {
      const agent = await addMemberWithRole(api, tenant, 'AGENT');
      await createEvent(api, tenant.accessToken, {
        title: 'Late',
        startsAt: '2026-06-01T18:00:00Z',
        endsAt: '2026-06-01T19:00:00Z',
      });
      await createEvent(api, agent.accessToken, {
        title: 'Agent own',
        startsAt: '2026-06-01T08:00:00Z',
        endsAt: '2026-06-01T09:00:00Z',
      });
      await createEvent(api, tenant.accessToken, {
        title: 'With agent',
        startsAt: '2026-06-01T10:00:00Z',
        endsAt: '2026-06-01T11:00:00Z',
        attendees: [{ email: agent.email }],
      });
      const all = await occurrences(
        api,
        tenant.accessToken,
        '2026-06-01T00:00:00Z',
        '2026-06-02T00:00:00Z',
      );
      expect(all.map((item) => item.event.title)).toEqual(['Agent own', 'With agent', 'Late']);
      const mine = await occurrences(
        api,
        tenant.accessToken,
        '2026-06-01T00:00:00Z',
        '2026-06-02T00:00:00Z',
        [agent.userId],
      );
      expect(mine.map((item) => item.event.title)).toEqual(['Agent own', 'With agent']);
    });

    it('refuses a range longer than a year or ending before it starts', async () => {
      const long = await gqlError(
        api,
        `{ events(from: "2026-01-01T00:00:00Z", to: "2027-06-01T00:00:00Z") { startsAt } }`,
        undefined,
        tenant.accessToken,
      );
      expect(long.code).toBe('BAD_USER_INPUT');
      expect(long.message).toMatch(/366 days/);
      const backwards = await gqlError(
        api,
        `{ events(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { startsAt } }`,
        undefined,
        tenant.accessToken,
      );
      expect(backwards.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('availability', () => {
    let tenant: Account;
    let london: Member;
    let tokyo: Member;

    const TZ_SQL = 'UPDATE app_user SET timezone = $2 WHERE id = $1';

    beforeAll(async () => {
      tenant = await registerUser(api, { timezone: 'America/New_York' });
      london = await addMemberWithRole(api, tenant, 'AGENT');
      tokyo = await addMemberWithRole(api, tenant, 'AGENT');
      await api.dataSource.query(TZ_SQL, [london.userId, 'Europe/London']);
      await api.dataSource.query(TZ_SQL, [tokyo.userId, 'Asia/Tokyo']);
    });

    const slots = async (input: Record<string, unknown>, token = tenant.accessToken) =>
      (
        await gqlOk<{ availability: Array<{ startsAt: string; endsAt: string }> }>(
          api,
          AVAILABILITY,
          { input },
          token,
        )
      ).availability.map((slot) => [slot.startsAt, slot.endsAt]);

    it('finds nothing common to New York, London and Tokyo in default 09:00-17:00 hours', async () => {
      // Winter: NY 14:00-22:00Z, London 09:00-17:00Z, Tokyo 00:00-08:00Z: no common hour.
      expect(
        await slots({
          userIds: [tenant.userId, london.userId, tokyo.userId],
          from: '2026-01-12T00:00:00Z',
          to: '2026-01-13T00:00:00Z',
          durationMinutes: 30,
        }),
      ).toEqual([]);
      // NY and London alone share 14:00-17:00Z.
      expect(
        await slots({
          userIds: [tenant.userId, london.userId],
          from: '2026-01-12T00:00:00Z',
          to: '2026-01-13T00:00:00Z',
          durationMinutes: 30,
        }),
      ).toEqual([['2026-01-12T14:00:00.000Z', '2026-01-12T17:00:00.000Z']]);
    });

    it('computes common slots for three zones with busy, recurring and declined events', async () => {
      // Working hours 06:00-22:00 local on Monday 12 January 2026 (all three on standard time):
      //   New York (UTC-5): 11:00Z-03:00Z(+1), and 00:00Z-03:00Z from the 11th's window
      //   London   (UTC+0): 06:00Z-22:00Z
      //   Tokyo    (UTC+9): 00:00Z-13:00Z (the 12th's), 21:00Z-24:00Z (the 13th's)
      // Common: 11:00-13:00Z and 21:00-22:00Z.
      const input = {
        userIds: [tenant.userId, london.userId, tokyo.userId],
        from: '2026-01-12T00:00:00Z',
        to: '2026-01-13T00:00:00Z',
        durationMinutes: 30,
        workdayStart: '06:00',
        workdayEnd: '22:00',
      };
      expect(await slots(input)).toEqual([
        ['2026-01-12T11:00:00.000Z', '2026-01-12T13:00:00.000Z'],
        ['2026-01-12T21:00:00.000Z', '2026-01-12T22:00:00.000Z'],
      ]);
      // London is busy 12:00-12:30Z.
      await createEvent(api, london.accessToken, {
        startsAt: '2026-01-12T12:00:00Z',
        endsAt: '2026-01-12T12:30:00Z',
        timezone: 'Europe/London',
      });
      // New York has a daily 16:30-17:00 local (21:30-22:00Z) series.
      await createEvent(api, tenant.accessToken, {
        startsAt: '2026-01-05T21:30:00Z',
        endsAt: '2026-01-05T22:00:00Z',
        timezone: 'America/New_York',
        recurrence: 'FREQ=DAILY',
      });
      // Tokyo declined a 21:00-21:30Z meeting: it does not block Tokyo.
      const declined = await createEvent(api, london.accessToken, {
        title: 'Declined by Tokyo',
        startsAt: '2026-01-12T21:00:00Z',
        endsAt: '2026-01-12T21:30:00Z',
        attendees: [{ email: tokyo.email }],
      });
      await api.dataSource.query(
        `UPDATE calendar_event SET attendee_list = jsonb_set(attendee_list, '{0,response}', '"DECLINED"'),
           organizer_id = NULL WHERE id = $1`,
        [declined.id],
      );
      expect(await slots(input)).toEqual([
        ['2026-01-12T11:00:00.000Z', '2026-01-12T12:00:00.000Z'],
        ['2026-01-12T12:30:00.000Z', '2026-01-12T13:00:00.000Z'],
        ['2026-01-12T21:00:00.000Z', '2026-01-12T21:30:00.000Z'],
      ]);
      expect(await slots({ ...input, durationMinutes: 60 })).toEqual([
        ['2026-01-12T11:00:00.000Z', '2026-01-12T12:00:00.000Z'],
      ]);
    });

    it('keeps working hours in local time across the UK DST change', async () => {
      // Europe/London springs forward on Sunday 29 March 2026 at 01:00Z: 09:00-17:00 local is
      // 09:00-17:00Z on the 28th and 08:00-16:00Z from the 29th.
      expect(
        await slots({
          userIds: [london.userId],
          from: '2026-03-28T00:00:00Z',
          to: '2026-03-31T00:00:00Z',
          durationMinutes: 60,
        }),
      ).toEqual([
        ['2026-03-28T09:00:00.000Z', '2026-03-28T17:00:00.000Z'],
        ['2026-03-29T08:00:00.000Z', '2026-03-29T16:00:00.000Z'],
        ['2026-03-30T08:00:00.000Z', '2026-03-30T16:00:00.000Z'],
      ]);
      // New York changed on 8 March: in the week between, NY and London overlap 13:00-17:00Z
      // (NY 09:00 EDT = 13:00Z; London still on GMT).
      expect(
        await slots({
          userIds: [tenant.userId, london.userId],
          from: '2026-03-10T00:00:00Z',
          to: '2026-03-11T00:00:00Z',
          durationMinutes: 60,
        }),
      ).toEqual([['2026-03-10T13:00:00.000Z', '2026-03-10T17:00:00.000Z']]);
    });

    it.each([
      [{ workdayStart: '9am' }, 'input.workdayStart'],
      [{ workdayStart: '17:00', workdayEnd: '09:00' }, 'input.workdayEnd'],
      [{ durationMinutes: 0 }, 'input.durationMinutes'],
      [{ to: '2026-03-01T00:00:00Z' }, 'input.to'],
      [{ to: '2026-05-01T00:00:00Z' }, 'input.to'],
      [{ userIds: [] }, 'input.userIds'],
    ])('refuses bad availability input %j', async (override, path) => {
      const error = await gqlError(
        api,
        AVAILABILITY,
        {
          input: {
            userIds: [tenant.userId],
            from: '2026-03-02T00:00:00Z',
            to: '2026-03-03T00:00:00Z',
            durationMinutes: 30,
            ...override,
          },
        },
        tenant.accessToken,
      );
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(error.extensions)).toContain(path);
    });

    it('treats a user of another organization as not found', async () => {
      const stranger = await registerUser(api);
      const error = await gqlError(
        api,
        AVAILABILITY,
        {
          input: {
            userIds: [tenant.userId, stranger.userId],
            from: '2026-03-02T00:00:00Z',
            to: '2026-03-03T00:00:00Z',
            durationMinutes: 30,
          },
        },
        tenant.accessToken,
      );
      expect(error.code).toBe('NOT_FOUND');
    });
  });
});
