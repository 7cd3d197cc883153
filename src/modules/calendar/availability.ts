import { DateTime } from 'luxon';

export interface Interval {
  start: number;
  end: number;
}

/** "HH:MM" (00:00–24:00) as minutes after midnight, or null when malformed. */
export function parseClock(value: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/**
 * The instant of a local clock time on `day` (midnight of a local date).
 * Wall-clock fields are set, not minutes added: on a DST change day 09:00 is
 * 09:00 on the clock, not 540 minutes after midnight.
 */
function atClock(day: DateTime, minutes: number): number {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/**
 * A person's working windows inside [from, to): on every local day of their
 * zone, from `startMinutes` to `endMinutes` local time. Local times are
 * turned into instants by luxon, so on a DST change day the window keeps its
 * wall-clock hours and its UTC times shift.
 */
export function workingWindows(
  zone: string,
  from: Date,
  to: Date,
  startMinutes: number,
  endMinutes: number,
): Interval[] {
  const windows: Interval[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone }).startOf('day').plus({ days: 1 });
  while (day <= last) {
    const start = atClock(day, startMinutes);
    const end = atClock(day, endMinutes);
    const clipped = { start: Math.max(start, from.getTime()), end: Math.min(end, to.getTime()) };
    if (clipped.end > clipped.start) windows.push(clipped);
    day = day.plus({ days: 1 });
  }
  return windows;
}

/** Merges overlapping or touching intervals; the result is sorted. */
export function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `free` minus every `busy` interval. */
export function subtract(free: Interval[], busy: Interval[]): Interval[] {
  const blocks = merge(busy);
  const result: Interval[] = [];
  for (const window of merge(free)) {
    let cursor = window.start;
    for (const block of blocks) {
      if (block.end <= cursor || block.start >= window.end) continue;
      if (block.start > cursor) result.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
      if (cursor >= window.end) break;
    }
    if (cursor < window.end) result.push({ start: cursor, end: window.end });
  }
  return result;
}

/** The instants inside both lists. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const left = merge(a);
  const right = merge(b);
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i].start, right[j].start);
    const end = Math.min(left[i].end, right[j].end);
    if (end > start) result.push({ start, end });
    if (left[i].end < right[j].end) i++;
    else j++;
  }
  return result;
}

export interface PersonAvailability {
  zone: string;
  busy: Interval[];
}

/**
 * Free slots common to everyone: each person's working windows in their own
 * zone minus their busy time, intersected, keeping slots of at least
 * `durationMinutes`. Slots are maximal free stretches (a client cuts them to
 * the meeting length).
 */
export function commonFreeSlots(
  people: PersonAvailability[],
  from: Date,
  to: Date,
  durationMinutes: number,
  startMinutes: number,
  endMinutes: number,
): Interval[] {
  let common: Interval[] | null = null;
  for (const person of people) {
    const free = subtract(
      workingWindows(person.zone, from, to, startMinutes, endMinutes),
      person.busy,
    );
    common = common === null ? free : intersect(common, free);
    if (common.length === 0) return [];
  }
  return (common ?? []).filter((slot) => slot.end - slot.start >= durationMinutes * 60_000);
}
