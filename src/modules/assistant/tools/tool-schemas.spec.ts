import { clip, id, instant, iso, localTime, toDateOrNull } from './tool-schemas';

describe('tool schemas', () => {
  it('takes any well-formed id (as isUuid does) and nothing else', () => {
    expect(id().safeParse('00000000-0000-0000-0000-000000000001').success).toBe(true);
    expect(id().safeParse('6F1C2D3E-1111-4222-8333-444455556666').success).toBe(true);
    expect(id().safeParse('6f1c2d3e-1111-4222-8333-44445555666').success).toBe(false);
    expect(id().safeParse('Dana').success).toBe(false);
  });

  it('takes instants with Z or an offset, not local times or dates', () => {
    expect(instant().safeParse('2026-12-07T17:00:00.000Z').success).toBe(true);
    expect(instant().safeParse('2026-12-07T17:00:00-05:00').success).toBe(true);
    expect(instant().safeParse('2026-12-07T17:00:00').success).toBe(false);
    expect(instant().safeParse('2026-12-07').success).toBe(false);
    expect(instant().safeParse('2026-02-30T17:00:00Z').success).toBe(false);
  });

  it('converts and prints instants', () => {
    expect(toDateOrNull('2026-12-07T18:00:00+01:00')).toEqual(new Date('2026-12-07T17:00:00Z'));
    expect(toDateOrNull(null)).toBeNull();
    expect(toDateOrNull(undefined)).toBeUndefined();
    expect(iso(new Date('2026-12-07T17:00:00+02:00'))).toBe('2026-12-07T15:00:00.000Z');
    expect(iso(null)).toBeNull();
  });

  it('writes local times in the given zone, 24-hour, with the weekday', () => {
    const at = new Date('2026-12-07T23:30:00Z');
    expect(localTime(at, 'UTC')).toBe('Mon 2026-12-07 23:30');
    expect(localTime(at, 'Europe/Berlin')).toBe('Tue 2026-12-08 00:30');
    expect(localTime(at, 'America/Los_Angeles')).toBe('Mon 2026-12-07 15:30');
  });

  it('clips long text with an ellipsis', () => {
    expect(clip('short')).toBe('short');
    expect(clip(null)).toBeNull();
    const long = clip('x'.repeat(600));
    expect(long).toHaveLength(500);
    expect(long!.endsWith('…')).toBe(true);
  });
});
