import { calendar_v3 } from 'googleapis';
import { DateTime } from 'luxon';
import { CalendarEvent, StoredAttendee } from '../calendar-event.entity';
import { AttendeeResponse } from '../calendar.enums';
import { compact, fromGoogleRecurrence, isIanaZone, toGoogleRecurrence } from '../recurrence';

const RESPONSES: Record<string, AttendeeResponse> = {
  needsAction: AttendeeResponse.NEEDS_ACTION,
  accepted: AttendeeResponse.ACCEPTED,
  declined: AttendeeResponse.DECLINED,
  tentative: AttendeeResponse.TENTATIVE,
};
const GOOGLE_RESPONSES: Record<AttendeeResponse, string> = {
  NEEDS_ACTION: 'needsAction',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
};

/** An instant from Google's EventDateTime: `dateTime`, or midnight of `date` in `zone`. */
export function instantOf(
  time: calendar_v3.Schema$EventDateTime | undefined,
  zone: string,
): Date | null {
  if (!time) return null;
  if (time.dateTime) {
    const parsed = new Date(time.dateTime);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  if (time.date) {
    const day = DateTime.fromISO(time.date, { zone });
    return day.isValid ? day.toJSDate() : null;
  }
  return null;
}

export interface MappedEvent {
  title: string;
  description: string | null;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timezone: string;
  recurrence: string | null;
  exdates: Date[];
  externalRecurringId: string | null;
  originalStartsAt: Date | null;
  organizerEmail: string | null;
  attendees: Array<Omit<StoredAttendee, 'userId'>>;
  etag: string | null;
  remoteUpdatedAt: Date | null;
}

/** Our fields of a (not cancelled) Google event; null when its times are unusable. */
export function fromGoogle(
  item: calendar_v3.Schema$Event,
  calendarZone: string,
): MappedEvent | null {
  const given = item.start?.timeZone ?? calendarZone;
  const timezone = given && isIanaZone(given) ? given : 'UTC';
  const startsAt = instantOf(item.start, timezone);
  const endsAt = instantOf(item.end, timezone);
  if (!startsAt || !endsAt || endsAt <= startsAt) return null;
  const { rule, exdates } = fromGoogleRecurrence(item.recurrence, timezone);
  return {
    title: item.summary?.trim() || '(no title)',
    description: item.description ?? null,
    location: item.location ?? null,
    startsAt,
    endsAt,
    allDay: Boolean(item.start?.date),
    timezone,
    recurrence: rule,
    exdates,
    externalRecurringId: item.recurringEventId ?? null,
    originalStartsAt: instantOf(item.originalStartTime, timezone),
    organizerEmail: item.organizer?.email?.toLowerCase() ?? null,
    attendees: (item.attendees ?? [])
      .filter((attendee) => attendee.email)
      .map((attendee) => ({
        email: attendee.email!.toLowerCase(),
        name: attendee.displayName ?? null,
        response: RESPONSES[attendee.responseStatus ?? ''] ?? AttendeeResponse.NEEDS_ACTION,
      })),
    etag: item.etag ?? null,
    remoteUpdatedAt: item.updated ? new Date(item.updated) : null,
  };
}

function googleTime(instant: Date, event: CalendarEvent): calendar_v3.Schema$EventDateTime {
  if (event.allDay) {
    return { date: DateTime.fromJSDate(instant, { zone: event.timezone }).toISODate()! };
  }
  return { dateTime: instant.toISOString(), timeZone: event.timezone };
}

/** The Google body of one of our events. */
export function toGoogle(event: CalendarEvent): calendar_v3.Schema$Event {
  return {
    summary: event.title,
    description: event.description,
    location: event.location,
    start: googleTime(event.startsAt, event),
    end: googleTime(event.endsAt, event),
    ...(event.recurringEventId ? {} : { recurrence: toGoogleRecurrence(event) }),
    attendees: event.attendeeList.map((attendee) => ({
      email: attendee.email,
      displayName: attendee.name ?? undefined,
      responseStatus: GOOGLE_RESPONSES[attendee.response],
    })),
  };
}

/** Google's id of one instance of a recurring event: `<seriesId>_<original start>`. */
export function instanceId(seriesId: string, originalStart: Date, allDay: boolean, zone: string) {
  const stamp = allDay
    ? DateTime.fromJSDate(originalStart, { zone }).toFormat('yyyyMMdd')
    : compact(originalStart);
  return `${seriesId}_${stamp}`;
}
