import { classifyGoogleError } from '../google/google-calendar.client';
import { fromGoogle, instanceId, toGoogle } from './google-mapping';
import { CalendarEvent } from '../calendar-event.entity';
import { AttendeeResponse } from '../calendar.enums';

describe('Google mapping', () => {
  it('maps a timed recurring event with attendees', () => {
    const mapped = fromGoogle(
      {
        id: 'abc',
        summary: ' Weekly ',
        start: { dateTime: '2026-03-02T10:00:00-05:00', timeZone: 'America/New_York' },
        end: { dateTime: '2026-03-02T11:00:00-05:00', timeZone: 'America/New_York' },
        recurrence: ['RRULE:FREQ=WEEKLY', 'EXDATE;TZID=America/New_York:20260309T100000'],
        attendees: [{ email: 'A@Example.test', responseStatus: 'declined' }],
        organizer: { email: 'Boss@Example.test' },
        updated: '2026-02-01T00:00:00.000Z',
        etag: '"1"',
      },
      'UTC',
    )!;
    expect(mapped).toMatchObject({
      title: 'Weekly',
      startsAt: new Date('2026-03-02T15:00:00Z'),
      endsAt: new Date('2026-03-02T16:00:00Z'),
      allDay: false,
      timezone: 'America/New_York',
      recurrence: 'FREQ=WEEKLY',
      exdates: [new Date('2026-03-09T14:00:00Z')],
      organizerEmail: 'boss@example.test',
      attendees: [{ email: 'a@example.test', name: null, response: AttendeeResponse.DECLINED }],
      etag: '"1"',
    });
  });

  it('maps all-day dates in the calendar zone and refuses unusable times', () => {
    const mapped = fromGoogle(
      { start: { date: '2026-05-01' }, end: { date: '2026-05-02' } },
      'Asia/Tokyo',
    )!;
    expect(mapped).toMatchObject({
      allDay: true,
      startsAt: new Date('2026-04-30T15:00:00Z'),
      endsAt: new Date('2026-05-01T15:00:00Z'),
      title: '(no title)',
    });
    expect(
      fromGoogle({ start: { date: '2026-05-02' }, end: { date: '2026-05-01' } }, 'UTC'),
    ).toBeNull();
  });

  it('writes our events in Google form and names instances like Google', () => {
    const event = Object.assign(new CalendarEvent(), {
      title: 'Day off',
      description: null,
      location: null,
      startsAt: new Date('2026-04-30T15:00:00Z'),
      endsAt: new Date('2026-05-01T15:00:00Z'),
      allDay: true,
      timezone: 'Asia/Tokyo',
      recurrence: null,
      exdates: [],
      recurringEventId: null,
      attendeeList: [],
    });
    expect(toGoogle(event)).toMatchObject({
      summary: 'Day off',
      start: { date: '2026-05-01' },
      end: { date: '2026-05-02' },
      recurrence: [],
    });
    expect(instanceId('abc', new Date('2026-03-09T14:00:00Z'), false, 'UTC')).toBe(
      'abc_20260309T140000Z',
    );
    expect(instanceId('abc', new Date('2026-04-30T15:00:00Z'), true, 'Asia/Tokyo')).toBe(
      'abc_20260501',
    );
  });

  it('classifies Google failures', () => {
    const http = (status: number, data?: unknown) => ({ response: { status, data } });
    expect(classifyGoogleError(http(400, { error: 'invalid_grant' }))).toBe('auth');
    expect(classifyGoogleError(http(401))).toBe('auth');
    expect(classifyGoogleError(http(410))).toBe('gone');
    expect(classifyGoogleError(http(412))).toBe('precondition');
    expect(classifyGoogleError(http(429))).toBe('transient');
    expect(classifyGoogleError(http(503))).toBe('transient');
    expect(classifyGoogleError(new Error('ECONNREFUSED'))).toBe('transient');
    expect(classifyGoogleError(http(400, { error: { message: 'bad' } }))).toBe('other');
  });
});
