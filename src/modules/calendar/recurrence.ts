import { DateTime, IANAZone } from 'luxon';
import { Frequency, Options, RRule } from 'rrule';

/** Frequencies we expand. Finer ones (hourly and below) would let one event flood a range. */
const ALLOWED_FREQUENCIES = new Set<Frequency>([
  Frequency.YEARLY,
  Frequency.MONTHLY,
  Frequency.WEEKLY,
  Frequency.DAILY,
]);

/** Periods (FREQ × INTERVAL) a new rule may take to produce its first instance. */
export const RECURRENCE_SEARCH_PERIODS = 1500;

const YEARS_PER_PERIOD: Record<number, number> = {
  [Frequency.DAILY]: 1 / 365.2425,
  [Frequency.WEEKLY]: 7 / 365.2425,
  [Frequency.MONTHLY]: 1 / 12,
  [Frequency.YEARLY]: 1,
};

/** Most instances one recurring event contributes to a single query. */
export const MAX_INSTANCES_PER_EVENT = 2000;

export class RecurrenceError extends Error {}

export function isIanaZone(zone: string): boolean {
  // Offsets like "+02:00" and "UTC+2" are not zone names; luxon accepts some of them.
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}

/**
 * Validates an RRULE value (with or without the `RRULE:` prefix) and returns
 * its canonical form (no prefix, upper case). Throws RecurrenceError with a
 * reason a person can act on.
 */
export function normaliseRecurrence(raw: string): string {
  const rule = raw
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (rule === '') throw new RecurrenceError('is empty');
  if (/[\r\n]/.test(rule)) throw new RecurrenceError('must be a single RRULE line');
  if (/(^|;)DTSTART=/.test(rule)) throw new RecurrenceError('must not carry DTSTART');
  let options: Partial<Options>;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    throw new RecurrenceError((error as Error).message);
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    throw new RecurrenceError('FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY');
  }
  const given = (value: unknown): boolean => value !== undefined && value !== null;
  if (given(options.count) && given(options.until)) {
    throw new RecurrenceError('COUNT and UNTIL must not both be given');
  }
  if (
    typeof options.count === 'number' &&
    (options.count < 1 || !Number.isInteger(options.count))
  ) {
    throw new RecurrenceError('COUNT must be a positive integer');
  }
  if (typeof options.interval === 'number' && (options.interval < 1 || options.interval > 1000)) {
    throw new RecurrenceError('INTERVAL must be between 1 and 1000');
  }
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((day) => !given(day))) {
    throw new RecurrenceError('BYDAY has an unknown weekday');
  }
  // A rule must produce an instance within RECURRENCE_SEARCH_PERIODS of its
  // periods (days, weeks, months or years, times INTERVAL). rrule steps one
  // period at a time and, finding nothing, stops only after year 9999: the
  // probe therefore starts that many periods before the end of 9999, which
  // bounds the work by an iteration count, not a clock.
  // FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 is refused after about 1,500 steps
  // instead of searching for seconds, while a leap day (FREQ=DAILY;BYMONTH=2;
  // BYMONTHDAY=29, within 4 years) is found.
  const spanYears = Math.ceil(
    RECURRENCE_SEARCH_PERIODS * (options.interval ?? 1) * YEARS_PER_PERIOD[options.freq],
  );
  const start = new Date(Date.UTC(Math.max(1900, 9999 - spanYears), 0, 1));
  let found: Date[];
  try {
    found = new RRule({ ...options, dtstart: start }).all((_, index) => index < 1);
  } catch (error) {
    throw new RecurrenceError((error as Error).message);
  }
  if (found.length === 0) {
    throw new RecurrenceError(
      `has no occurrence within ${RECURRENCE_SEARCH_PERIODS} repetitions (it may never happen)`,
    );
  }
  return rule;
}

/** The wall-clock time of `instant` in `zone`, as a Date whose UTC fields hold it ("floating"). */
export function toFloating(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
}

/** The instant at which the floating wall-clock time happens in `zone` (gaps move forward). */
export function fromFloating(floating: Date, zone: string): Date {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();
}

export interface RecurringShape {
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  recurrence: string | null;
  exdates: Date[];
}

const DAY = 86_400_000;

/**
 * Starts of the instances of a recurring event that overlap [from, to).
 * Expansion runs on wall-clock time in the event's zone, so a 10:00 meeting in
 * New York stays at 10:00 local across a DST change (its UTC time moves).
 * `skip` holds original starts (ms) that are not to be produced (EXDATEs and
 * instances replaced by an override row).
 */
export function instanceStarts(
  event: RecurringShape,
  from: Date,
  to: Date,
  skip: ReadonlySet<number> = new Set(),
): Date[] {
  const duration = event.endsAt.getTime() - event.startsAt.getTime();
  if (!event.recurrence) {
    return event.startsAt < to && event.endsAt > from ? [event.startsAt] : [];
  }
  const options = RRule.parseString(event.recurrence);
  if (options.until) options.until = toFloating(options.until, event.timezone);
  const rule = new RRule({
    ...options,
    dtstart: toFloating(event.startsAt, event.timezone),
    tzid: null,
  });
  // Widen by a day each side: a zone's offset is at most ±14 h from UTC.
  const windowStart = new Date(toFloating(from, event.timezone).getTime() - duration - DAY);
  const windowEnd = new Date(toFloating(to, event.timezone).getTime() + DAY);
  const starts: Date[] = [];
  const floating = rule.between(windowStart, windowEnd, true, (_date, index) => {
    return index < MAX_INSTANCES_PER_EVENT;
  });
  for (const wall of floating) {
    const start = fromFloating(wall, event.timezone);
    if (skip.has(start.getTime())) continue;
    const end = new Date(start.getTime() + duration);
    if (start < to && end > from) starts.push(start);
  }
  return starts;
}

/** Whether `start` is the start of an instance of the recurring event. */
export function isInstanceStart(event: RecurringShape, start: Date): boolean {
  const hits = instanceStarts(
    { ...event, exdates: [] },
    new Date(start.getTime() - 1),
    new Date(start.getTime() + 1),
  );
  return hits.some((hit) => hit.getTime() === start.getTime());
}

/** An instant in iCalendar's compact UTC form, e.g. 20260316T140000Z. */
export const compact = (date: Date): string =>
  date.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';

/** Google's `recurrence` lines for an event: its RRULE and its EXDATEs (UTC, or dates for all-day). */
export function toGoogleRecurrence(event: RecurringShape & { allDay: boolean }): string[] {
  if (!event.recurrence) return [];
  const lines = [`RRULE:${event.recurrence}`];
  if (event.exdates.length > 0) {
    lines.push(
      event.allDay
        ? `EXDATE;VALUE=DATE:${event.exdates
            .map((date) => DateTime.fromJSDate(date, { zone: event.timezone }).toFormat('yyyyMMdd'))
            .join(',')}`
        : `EXDATE:${event.exdates.map(compact).join(',')}`,
    );
  }
  return lines;
}

/** Parses Google's `recurrence` lines: the RRULE (normalised) and the EXDATE instants. */
export function fromGoogleRecurrence(
  lines: readonly string[] | null | undefined,
  zone: string,
): { rule: string | null; exdates: Date[] } {
  let rule: string | null = null;
  const exdates: Date[] = [];
  for (const line of lines ?? []) {
    const [head, values] = splitOnce(line, ':');
    const name = head.split(';')[0].toUpperCase();
    if (name === 'RRULE' && rule === null) {
      try {
        rule = normaliseRecurrence(values);
      } catch {
        rule = null;
      }
    } else if (name === 'EXDATE') {
      const tzid = /;TZID=([^;:]+)/i.exec(head)?.[1] ?? zone;
      for (const value of values.split(',')) {
        const parsed = parseIcalDate(value.trim(), tzid);
        if (parsed) exdates.push(parsed);
      }
    }
  }
  return { rule, exdates };
}

function splitOnce(line: string, separator: string): [string, string] {
  const at = line.indexOf(separator);
  return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
}

function parseIcalDate(value: string, zone: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', utc] = match;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
  };
  const dt = DateTime.fromObject(parts, { zone: utc ? 'UTC' : zone });
  return dt.isValid ? dt.toJSDate() : null;
}
