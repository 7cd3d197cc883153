import {
  commonFreeSlots,
  intersect,
  merge,
  parseClock,
  subtract,
  workingWindows,
} from './availability';

const at = (iso: string) => new Date(iso).getTime();
const iso = (intervals: Array<{ start: number; end: number }>) =>
  intervals.map(({ start, end }) => [new Date(start).toISOString(), new Date(end).toISOString()]);

describe('availability', () => {
  it('parses HH:MM clock times', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeNull();
    expect(parseClock('9:30')).toBeNull();
  });

  it('keeps working hours on the local clock on DST change days', () => {
    // New York springs forward on 8 March 2026, falls back on 1 November 2026.
    const windows = workingWindows(
      'America/New_York',
      new Date('2026-03-07T00:00:00Z'),
      new Date('2026-03-10T00:00:00Z'),
      9 * 60,
      17 * 60,
    );
    expect(iso(windows)).toEqual([
      ['2026-03-07T14:00:00.000Z', '2026-03-07T22:00:00.000Z'],
      ['2026-03-08T13:00:00.000Z', '2026-03-08T21:00:00.000Z'],
      ['2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z'],
    ]);
    const autumn = workingWindows(
      'America/New_York',
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-02T00:00:00Z'),
      0,
      24 * 60,
    );
    // The 1 November local day is 25 hours long: 04:00Z to 05:00Z next day, clipped.
    expect(iso(autumn)).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-01T04:00:00.000Z'],
      ['2026-11-01T04:00:00.000Z', '2026-11-02T00:00:00.000Z'],
    ]);
  });

  it('merges, subtracts and intersects intervals', () => {
    expect(
      merge([
        { start: 5, end: 7 },
        { start: 1, end: 3 },
        { start: 3, end: 4 },
      ]),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 7 },
    ]);
    expect(
      subtract(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 8, end: 12 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 8 },
    ]);
    expect(
      intersect(
        [
          { start: 0, end: 5 },
          { start: 8, end: 10 },
        ],
        [{ start: 4, end: 9 }],
      ),
    ).toEqual([
      { start: 4, end: 5 },
      { start: 8, end: 9 },
    ]);
  });

  it('keeps only slots long enough', () => {
    const slots = commonFreeSlots(
      [
        {
          zone: 'UTC',
          busy: [{ start: at('2026-01-05T10:00:00Z'), end: at('2026-01-05T16:30:00Z') }],
        },
      ],
      new Date('2026-01-05T00:00:00Z'),
      new Date('2026-01-06T00:00:00Z'),
      45,
      9 * 60,
      17 * 60,
    );
    expect(iso(slots)).toEqual([['2026-01-05T09:00:00.000Z', '2026-01-05T10:00:00.000Z']]);
  });
});
