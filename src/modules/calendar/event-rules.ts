import { DateTime } from 'luxon';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { isIanaZone, normaliseRecurrence, RecurrenceError } from './recurrence';

export const invalid = (path: string, message: string): BadUserInputError =>
  new BadUserInputError(`Invalid input: ${path}: ${message}`, [{ path, message }]);

/** Longest a single event may last. */
export const MAX_EVENT_DAYS = 366;

export interface EventTimes {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timezone: string;
}

/**
 * Checks and normalises an event's times. All-day events take the calendar
 * dates of `startsAt` and `endsAt` as written (their UTC dates; an `endsAt`
 * later than midnight counts up to the next day) and are stored as midnight
 * of those dates in the event's zone.
 */
export function normaliseTimes(times: EventTimes, prefix = 'input'): EventTimes {
  if (!isIanaZone(times.timezone)) {
    throw invalid(`${prefix}.timezone`, 'must be an IANA time zone name such as Europe/London');
  }
  let { startsAt, endsAt } = times;
  if (times.allDay) {
    const startDate = DateTime.fromJSDate(startsAt, { zone: 'UTC' }).startOf('day');
    const endUtc = DateTime.fromJSDate(endsAt, { zone: 'UTC' });
    let endDate = endUtc.startOf('day');
    if (endDate < endUtc) endDate = endDate.plus({ days: 1 });
    const local = (date: DateTime) =>
      DateTime.fromObject(
        { year: date.year, month: date.month, day: date.day },
        { zone: times.timezone },
      ).toJSDate();
    startsAt = local(startDate);
    endsAt = local(endDate);
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw invalid(`${prefix}.endsAt`, 'must be after startsAt');
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_DAYS * 86_400_000) {
    throw invalid(`${prefix}.endsAt`, `an event lasts at most ${MAX_EVENT_DAYS} days`);
  }
  return { ...times, startsAt, endsAt };
}

export function checkRecurrence(raw: string, path = 'input.recurrence'): string {
  try {
    return normaliseRecurrence(raw);
  } catch (error) {
    if (error instanceof RecurrenceError)
      throw invalid(path, `not a valid RRULE: ${error.message}`);
    throw error;
  }
}
