import {
  fromGoogleRecurrence,
  instanceStarts,
  isIanaZone,
  normaliseRecurrence,
  RecurrenceError,
  toGoogleRecurrence,
} from './recurrence';

describe('recurrence', () => {
  it('normalises a valid RRULE and refuses bad ones', () => {
    expect(normaliseRecurrence('rrule:freq=weekly;byday=mo,we')).toBe('FREQ=WEEKLY;BYDAY=MO,WE');
    for (const bad of [
      '',
      'FREQ=NEVER',
      'FOO=1',
      'FREQ=HOURLY',
      'FREQ=DAILY;COUNT=0',
      'FREQ=DAILY\nFREQ=WEEKLY',
      'DTSTART=20260101T000000Z;FREQ=DAILY',
    ]) {
      expect(() => normaliseRecurrence(bad)).toThrow(RecurrenceError);
    }
  });

  it('tells IANA zone names from offsets', () => {
    expect(isIanaZone('America/New_York')).toBe(true);
    expect(isIanaZone('UTC')).toBe(true);
    expect(isIanaZone('+02:00')).toBe(false);
    expect(isIanaZone('Nowhere/Place')).toBe(false);
  });

  it('expands on local wall-clock time and honours UNTIL and skipped starts', () => {
    const event = {
      startsAt: new Date('2026-03-06T15:00:00Z'), // Friday 10:00 New York (EST)
      endsAt: new Date('2026-03-06T15:30:00Z'),
      timezone: 'America/New_York',
      recurrence: 'FREQ=DAILY;UNTIL=20260310T140000Z',
      exdates: [],
    };
    expect(
      instanceStarts(
        event,
        new Date('2026-03-01T00:00:00Z'),
        new Date('2026-03-31T00:00:00Z'),
        new Set([new Date('2026-03-07T15:00:00Z').getTime()]),
      ).map((date) => date.toISOString()),
    ).toEqual([
      '2026-03-06T15:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
    ]);
  });

  it("round-trips Google's recurrence lines", () => {
    const parsed = fromGoogleRecurrence(
      [
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        'EXDATE;TZID=America/New_York:20260309T100000,20260316T100000',
      ],
      'UTC',
    );
    expect(parsed.rule).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(parsed.exdates.map((date) => date.toISOString())).toEqual([
      '2026-03-09T14:00:00.000Z',
      '2026-03-16T14:00:00.000Z',
    ]);
    expect(
      toGoogleRecurrence({
        startsAt: new Date('2026-03-02T15:00:00Z'),
        endsAt: new Date('2026-03-02T16:00:00Z'),
        timezone: 'America/New_York',
        recurrence: parsed.rule,
        exdates: parsed.exdates,
        allDay: false,
      }),
    ).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=MO', 'EXDATE:20260309T140000Z,20260316T140000Z']);
  });
});
