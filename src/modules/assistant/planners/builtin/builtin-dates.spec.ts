import { DateTime } from 'luxon';
import { dueInstant, extractDuration, extractRange, extractWhen, iso } from './builtin-dates';

const NOW = new Date('2026-12-02T15:00:00.000Z'); // Wed

const due = (text: string, timeZone: string, now = NOW): string | null => {
  const when = extractWhen(text, { now, timeZone });
  return when ? iso(dueInstant(when)) : null;
};
const wall = (local: string, zone: string): string =>
  DateTime.fromISO(local, { zone }).toUTC().toISO() ?? '';

describe('builtin dates (caller zone, never the host)', () => {
  const cases: [string, string, string][] = [
    ['by Friday', 'America/New_York', wall('2026-12-04T17:00', 'America/New_York')],
    ['tomorrow at 3pm', 'Europe/Berlin', wall('2026-12-03T15:00', 'Europe/Berlin')],
    // Tokyo is already Thursday 00:00 at NOW: tomorrow is Friday
    ['tomorrow', 'Asia/Tokyo', wall('2026-12-04T17:00', 'Asia/Tokyo')],
    ['next Monday', 'America/Los_Angeles', wall('2026-12-07T17:00', 'America/Los_Angeles')],
    ['next Friday', 'UTC', wall('2026-12-11T17:00', 'UTC')],
    ['this Friday', 'UTC', wall('2026-12-04T17:00', 'UTC')],
    ['in 2 hours', 'Asia/Kolkata', '2026-12-02T17:00:00.000Z'],
    ['in 30 minutes', 'America/New_York', '2026-12-02T15:30:00.000Z'],
    ['end of day', 'Europe/Berlin', wall('2026-12-02T17:00', 'Europe/Berlin')],
    ['by EOD', 'America/Los_Angeles', wall('2026-12-02T17:00', 'America/Los_Angeles')],
    ['Thursday at 10', 'Europe/Berlin', wall('2026-12-03T10:00', 'Europe/Berlin')],
    // an hour 1-6 without am/pm is afternoon
    ['Friday at 3', 'America/New_York', wall('2026-12-04T15:00', 'America/New_York')],
    ['on Dec 10', 'Asia/Tokyo', wall('2026-12-10T17:00', 'Asia/Tokyo')],
    ['by the end of the week', 'UTC', wall('2026-12-04T17:00', 'UTC')],
  ];

  it.each(cases)('"%s" in %s', (text, zone, expected) => {
    expect(due(text, zone)).toBe(expected);
  });

  it('gives the same instants whatever the host zone is', () => {
    const saved = process.env.TZ;
    const results: string[][] = [];
    try {
      for (const host of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham']) {
        process.env.TZ = host; // Node re-reads TZ when it changes
        results.push(cases.map(([text, zone]) => due(text, zone) ?? 'null'));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    for (const result of results) expect(result).toEqual(cases.map(([, , expected]) => expected));
  });

  it('follows daylight saving in the caller zone', () => {
    // New York springs forward on Sun 8 Mar 2026: Monday 9am is 13:00Z, not 14:00Z
    expect(due('next Monday at 9am', 'America/New_York', new Date('2026-03-06T15:00:00Z'))).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    // and falls back on Sun 1 Nov 2026: Monday 9am is 14:00Z
    expect(due('Monday at 9am', 'America/New_York', new Date('2026-10-30T15:00:00Z'))).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('reads a day as a range from local midnight to local midnight', () => {
    const range = extractRange('tomorrow', { now: NOW, timeZone: 'Asia/Tokyo' });
    expect(range && [iso(range.from), iso(range.to)]).toEqual([
      wall('2026-12-04T00:00', 'Asia/Tokyo'),
      wall('2026-12-05T00:00', 'Asia/Tokyo'),
    ]);
    const week = extractRange('this week', { now: NOW, timeZone: 'America/New_York' });
    expect(week && [iso(week.from), iso(week.to)]).toEqual([
      wall('2026-11-30T00:00', 'America/New_York'),
      wall('2026-12-07T00:00', 'America/New_York'),
    ]);
  });

  it('removes the date words and their connector from the phrase', () => {
    expect(
      extractWhen('pick up the tire samples by Friday', { now: NOW, timeZone: 'UTC' })?.rest,
    ).toBe('pick up the tire samples');
    expect(extractWhen('fix the lift gate on van 3', { now: NOW, timeZone: 'UTC' })).toBeNull();
  });

  it('reads durations', () => {
    expect(extractDuration('a 30 minute sync')?.minutes).toBe(30);
    expect(extractDuration('for an hour')?.minutes).toBe(60);
    expect(extractDuration('half an hour')?.minutes).toBe(30);
    expect(extractDuration('a 1.5 hour review')?.minutes).toBe(90);
  });
});
