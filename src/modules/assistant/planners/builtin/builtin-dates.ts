import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

/**
 * Dates and times for the built-in parser, always in the CALLER's zone.
 *
 * chrono-node recognises the phrase, but its `timezone` option does not
 * understand IANA names and its `Date` results are in the host's zone. So
 * chrono gets the caller's local wall time as its reference (a host Date whose
 * local fields equal the caller's wall clock), we read the calendar components
 * it found (year, month, day, hour, minute, weekday) and build the instant with
 * luxon in the caller's zone. The host's `TZ` never leaks into a result.
 *
 * Conventions (the labelled set's header lists the same):
 * - a day without a time, as a due date, is 17:00 local on that day;
 *   "end of day", "EOD", "tonight" are 17:00 today; "end of the week" is Friday 17:00;
 * - "in N minutes/hours/days/weeks" is exactly now + N;
 * - a bare weekday is the next such day after today; "next <weekday>" is that
 *   weekday in the following (Monday-based) week; "this <weekday>" in this week;
 * - a clock hour 1–6 without am/pm is afternoon ("at 3" = 15:00);
 * - a day used as a range is local midnight to the next local midnight; "this
 *   week" is Monday 00:00 to the next Monday 00:00.
 */

export const END_OF_DAY_HOUR = 17;

export interface DateContext {
  now: Date;
  timeZone: string;
}

/** What was found in a phrase: a day (with or without a clock time) or an exact instant. */
export interface When {
  /** Local start: the day at 00:00 when `hasTime` is false. */
  local: DateTime;
  hasTime: boolean;
  /** Whether a day was named (false for "3pm" alone: the day is implied). */
  hasDate: boolean;
  /** The phrase with the date words (and their "by/on/due/at" connector) removed. */
  rest: string;
}

export interface Range {
  from: DateTime;
  to: DateTime;
  rest: string;
}

export const localNow = (ctx: DateContext): DateTime =>
  DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone });

/** UTC ISO-8601 with milliseconds, the tools' instant format. */
export const iso = (dt: DateTime): string => {
  const value = dt.toUTC().toISO();
  if (!value) throw new Error(`invalid date ${dt.invalidExplanation ?? ''}`);
  return value;
};

/** A host-zone Date whose local fields equal the caller's wall clock (chrono's reference). */
function chronoReference(local: DateTime): Date {
  return new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

const CONNECTOR_BEFORE =
  /[\s,]*\b(?:by|due|on|before|at|until|till|no later than|for|from|starting|due by|due on)\s*$/i;

function cut(text: string, index: number, length: number): string {
  const left = text.slice(0, index).replace(CONNECTOR_BEFORE, '');
  const right = text.slice(index + length);
  return `${left} ${right}`
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .trim();
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'half an': 0.5,
  'half a': 0.5,
};

export function parseAmount(word: string): number | null {
  const lower = word.toLowerCase().trim();
  if (/^\d+(?:\.\d+)?$/.test(lower)) return Number(lower);
  return NUMBER_WORDS[lower] ?? null;
}

const RELATIVE =
  /\bin\s+(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|half an?)\s+(minutes?|mins?|hours?|hrs?|days?|weeks?)\b/i;
const END_OF_DAY =
  /\b(?:(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|today)|(?:by\s+)?eod|(?:by\s+)?cob|(?:by\s+)?close\s+of\s+business|(?:by\s+)?tonight)\b/i;
const END_OF_WEEK = /\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week\b/i;

/** Luxon weekday (1 = Monday) of a chrono weekday (0 = Sunday). */
const luxonWeekday = (chronoWeekday: number): number => (chronoWeekday === 0 ? 7 : chronoWeekday);

function resolveWeekday(today: DateTime, weekday: number, phrase: string): DateTime {
  const day = today.startOf('day');
  if (/\bnext\b/i.test(phrase)) return day.startOf('week').plus({ weeks: 1, days: weekday - 1 });
  if (/\bthis\b/i.test(phrase)) return day.startOf('week').plus({ days: weekday - 1 });
  if (/\blast\b/i.test(phrase))
    return day
      .startOf('week')
      .minus({ weeks: 1 })
      .plus({ days: weekday - 1 });
  const ahead = (weekday - day.weekday + 7) % 7 || 7;
  return day.plus({ days: ahead });
}

/**
 * The first date/time in `text`, in the caller's zone, with its words removed
 * from `rest`. Null when there is none.
 */
export function extractWhen(text: string, ctx: DateContext): When | null {
  const now = localNow(ctx);
  const relative = RELATIVE.exec(text);
  if (relative) {
    const amount = parseAmount(relative[1]) ?? 1;
    const unit = relative[2].toLowerCase();
    const key = unit.startsWith('m')
      ? 'minutes'
      : unit.startsWith('h')
        ? 'hours'
        : unit.startsWith('d')
          ? 'days'
          : 'weeks';
    const local =
      key === 'hours' || key === 'minutes'
        ? now.plus({ minutes: amount * (key === 'hours' ? 60 : 1) })
        : now.plus({ [key]: amount });
    return {
      local,
      hasTime: true,
      hasDate: true,
      rest: cut(text, relative.index, relative[0].length),
    };
  }
  const endOfWeek = END_OF_WEEK.exec(text);
  if (endOfWeek) {
    const friday = now.startOf('week').plus({ days: 4 });
    return {
      local: friday.set({ hour: END_OF_DAY_HOUR }),
      hasTime: true,
      hasDate: true,
      rest: cut(text, endOfWeek.index, endOfWeek[0].length),
    };
  }
  const endOfDay = END_OF_DAY.exec(text);
  if (endOfDay) {
    return {
      local: now.startOf('day').set({ hour: END_OF_DAY_HOUR }),
      hasTime: true,
      hasDate: true,
      rest: cut(text, endOfDay.index, endOfDay[0].length),
    };
  }
  const results = chrono.parse(text, chronoReference(now), { forwardDate: true });
  const result = results.find((r) => {
    // a lone number ("van 3") is not a date
    const known = (['day', 'weekday', 'month', 'hour'] as const).some((c) => r.start.isCertain(c));
    return known && !/^\d+$/.test(r.text.trim());
  });
  if (!result) return null;
  const start = result.start;
  let day: DateTime;
  if (start.isCertain('weekday') && !start.isCertain('day')) {
    day = resolveWeekday(now, luxonWeekday(start.get('weekday') ?? 1), result.text);
  } else {
    const year = start.get('year');
    const month = start.get('month');
    const date = start.get('day');
    if (year === null || month === null || date === null) return null;
    day = DateTime.fromObject({ year, month, day: date }, { zone: ctx.timeZone });
  }
  const hasTime = start.isCertain('hour');
  let local = day.startOf('day');
  if (hasTime) {
    let hour = start.get('hour') ?? 0;
    const minute = start.get('minute') ?? 0;
    if (!start.isCertain('meridiem') && hour >= 1 && hour <= 6) hour += 12;
    local = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone: ctx.timeZone },
    );
  }
  const hasDate = start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
  return { local, hasTime, hasDate, rest: cut(text, result.index, result.text.length) };
}

/** A due date: the instant, date-only days at 17:00 local. */
export function dueInstant(when: When): DateTime {
  return when.hasTime ? when.local : when.local.set({ hour: END_OF_DAY_HOUR, minute: 0 });
}

const NAMED_RANGES: { pattern: RegExp; range: (now: DateTime) => [DateTime, DateTime] }[] = [
  {
    pattern: /\b(?:for\s+|during\s+)?this\s+week\b/i,
    range: (now) => [now.startOf('week'), now.startOf('week').plus({ weeks: 1 })],
  },
  {
    pattern: /\b(?:for\s+|during\s+)?last\s+week\b/i,
    range: (now) => [now.startOf('week').minus({ weeks: 1 }), now.startOf('week')],
  },
  {
    pattern: /\b(?:for\s+|during\s+)?next\s+week\b/i,
    range: (now) => [
      now.startOf('week').plus({ weeks: 1 }),
      now.startOf('week').plus({ weeks: 2 }),
    ],
  },
  {
    pattern: /\b(?:for\s+|during\s+)?this\s+month\b/i,
    range: (now) => [now.startOf('month'), now.startOf('month').plus({ months: 1 })],
  },
  {
    pattern: /\b(?:for\s+|during\s+)?last\s+month\b/i,
    range: (now) => [now.startOf('month').minus({ months: 1 }), now.startOf('month')],
  },
  {
    pattern: /\b(?:for\s+)?today\b/i,
    range: (now) => [now.startOf('day'), now.startOf('day').plus({ days: 1 })],
  },
];

/** A period named in `text` ("tomorrow", "Friday", "this week"), local midnight to midnight. */
export function extractRange(text: string, ctx: DateContext): Range | null {
  const now = localNow(ctx);
  for (const named of NAMED_RANGES) {
    const match = named.pattern.exec(text);
    if (match) {
      const [from, to] = named.range(now);
      return { from, to, rest: cut(text, match.index, match[0].length) };
    }
  }
  const when = extractWhen(text, ctx);
  if (!when) return null;
  const from = when.local.startOf('day');
  return { from, to: from.plus({ days: 1 }), rest: when.rest };
}

/** "30 minute", "an hour", "1.5 hours", "half an hour" → minutes, with the words removed. */
export function extractDuration(text: string): { minutes: number; rest: string } | null {
  const match =
    /\b(?:for\s+)?(\d+(?:\.\d+)?|an?|one|two|three|half an?)[\s-]*(minutes?|mins?|hours?|hrs?|hr)(?:[\s-]*long)?\b/i.exec(
      text,
    );
  if (!match) return null;
  const amount = parseAmount(match[1]);
  if (amount === null) return null;
  const minutes = match[2].toLowerCase().startsWith('h') ? amount * 60 : amount;
  return { minutes: Math.round(minutes), rest: cut(text, match.index, match[0].length) };
}
