import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { NotFoundError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { commonFreeSlots, Interval, parseClock } from './availability';
import { CalendarConnection } from './calendar-connection.entity';
import { CalendarEvent } from './calendar-event.entity';
import { CalendarEventRepository } from './calendar-event.repository';
import { CalendarMemberRepository } from './calendar-member.repository';
import { AttendeeResponse } from './calendar.enums';
import { EventOccurrence, TimeSlot } from './calendar-types';
import { AvailabilityInput } from './dto/event.inputs';
import { invalid } from './event-rules';
import { instanceStarts, RecurringShape } from './recurrence';

/** Widest range `events` expands. */
export const MAX_EVENTS_RANGE_DAYS = 366;
/** Widest range `availability` looks at. */
export const MAX_AVAILABILITY_RANGE_DAYS = 31;
const DAY = 86_400_000;

function checkRange(from: Date, to: Date, maxDays: number, prefix: string): void {
  if (to.getTime() <= from.getTime()) throw invalid(`${prefix}to`, 'must be after from');
  if (to.getTime() - from.getTime() > maxDays * DAY) {
    throw invalid(`${prefix}to`, `the range may span at most ${maxDays} days`);
  }
}

const involves = (event: CalendarEvent, userIds: ReadonlySet<string>): boolean =>
  (event.organizerId !== null && userIds.has(event.organizerId)) ||
  event.attendeeList.some((attendee) => attendee.userId && userIds.has(attendee.userId));

/**
 * Whether the occurrence takes `userId`'s time: they organize it or attend
 * it, and have not declined.
 */
export function isBusy(event: CalendarEvent, userId: string): boolean {
  const own = event.attendeeList.find((attendee) => attendee.userId === userId);
  if (own) return own.response !== AttendeeResponse.DECLINED;
  return event.organizerId === userId;
}

/** The fields of an event row that expanding it into occurrences reads. */
export interface OccurrenceRow extends RecurringShape {
  id: string;
  recurringEventId: string | null;
  originalStartsAt: Date | null;
}

/**
 * Concrete occurrences in [from, to) of the rows an organization has in that
 * range (`rows`: single events, series masters, override rows) given the
 * override rows of those series (`overrides`), ordered by start: single
 * events, expanded series minus their EXDATEs and overridden instances, and
 * the override rows themselves. Pure, so a caller that read the rows its own
 * way (the assistant's directory, in one statement) expands them alike.
 */
export function expandOccurrences<T extends OccurrenceRow>(
  rows: readonly T[],
  overrides: readonly OccurrenceRow[],
  from: Date,
  to: Date,
  wanted: (event: T) => boolean = () => true,
): { event: T; startsAt: Date; endsAt: Date }[] {
  const replaced = new Map<string, Set<number>>();
  for (const row of overrides) {
    if (!row.recurringEventId || !row.originalStartsAt) continue;
    const set = replaced.get(row.recurringEventId) ?? new Set<number>();
    set.add(row.originalStartsAt.getTime());
    replaced.set(row.recurringEventId, set);
  }
  const result: { event: T; startsAt: Date; endsAt: Date }[] = [];
  for (const row of rows) {
    if (!wanted(row)) continue;
    if (row.recurrence && !row.recurringEventId) {
      const skip = new Set([
        ...row.exdates.map((date) => date.getTime()),
        ...(replaced.get(row.id) ?? []),
      ]);
      const duration = row.endsAt.getTime() - row.startsAt.getTime();
      for (const start of instanceStarts(row, from, to, skip)) {
        result.push({
          event: row,
          startsAt: start,
          endsAt: new Date(start.getTime() + duration),
        });
      }
    } else if (row.endsAt > from) {
      // single events and override rows (moved instances) stand for themselves
      result.push({ event: row, startsAt: row.startsAt, endsAt: row.endsAt });
    }
  }
  return result.sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.event.id.localeCompare(b.event.id),
  );
}

@Injectable()
export class CalendarQueriesService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly eventRows: CalendarEventRepository,
    private readonly members: CalendarMemberRepository,
  ) {}

  async get(viewer: Viewer, id: string): Promise<CalendarEvent | null> {
    return (await this.tenants.for(viewer).repository(CalendarEvent).findByIds([id]))[0] ?? null;
  }

  async findByIds(organizationId: string, ids: readonly string[]): Promise<CalendarEvent[]> {
    return this.tenants.for({ organizationId }).repository(CalendarEvent).findByIds(ids);
  }

  async events(
    viewer: Viewer,
    from: Date,
    to: Date,
    userIds?: string[] | null,
  ): Promise<EventOccurrence[]> {
    checkRange(from, to, MAX_EVENTS_RANGE_DAYS, '');
    return this.occurrences(viewer.organizationId, from, to, userIds ?? null);
  }

  /**
   * Concrete occurrences in [from, to), ordered by start: single events,
   * expanded series minus their EXDATEs and overridden instances, and the
   * override rows themselves (moved or edited instances). With `userIds`,
   * only events those people organize or attend.
   */
  async occurrences(
    organizationId: string,
    from: Date,
    to: Date,
    userIds: string[] | null,
  ): Promise<EventOccurrence[]> {
    const rows = await this.eventRows.inRange(organizationId, from, to);
    const masters = rows.filter((row) => row.recurrence && !row.recurringEventId);
    const overrides = await this.eventRows.overridesOf(
      organizationId,
      masters.map((m) => m.id),
    );
    const filter = userIds ? new Set(userIds) : null;
    return expandOccurrences(
      rows,
      overrides,
      from,
      to,
      (event) => !filter || involves(event, filter),
    );
  }

  async availability(viewer: Viewer, input: AvailabilityInput): Promise<TimeSlot[]> {
    checkRange(input.from, input.to, MAX_AVAILABILITY_RANGE_DAYS, 'input.');
    const start = parseClock(input.workdayStart ?? '09:00');
    if (start === null || start >= 24 * 60) {
      throw invalid('input.workdayStart', 'must be a local time HH:MM');
    }
    const end = parseClock(input.workdayEnd ?? '17:00');
    if (end === null) throw invalid('input.workdayEnd', 'must be a local time HH:MM');
    if (end <= start) throw invalid('input.workdayEnd', 'must be after workdayStart');
    const userIds = [...new Set(input.userIds)];
    const zones = await this.members.timezones(viewer.organizationId, userIds);
    const zoneOf = new Map(zones.map((row) => [row.id, row.timezone]));
    const missing = userIds.find((id) => !zoneOf.has(id));
    if (missing) throw new NotFoundError('User', missing);
    const occurrences = await this.occurrences(
      viewer.organizationId,
      input.from,
      input.to,
      userIds,
    );
    const busy = new Map<string, Interval[]>(userIds.map((id) => [id, []]));
    for (const occurrence of occurrences) {
      for (const id of userIds) {
        if (isBusy(occurrence.event, id)) {
          busy.get(id)!.push({
            start: occurrence.startsAt.getTime(),
            end: occurrence.endsAt.getTime(),
          });
        }
      }
    }
    const slots = commonFreeSlots(
      userIds.map((id) => ({ zone: zoneOf.get(id)!, busy: busy.get(id)! })),
      input.from,
      input.to,
      input.durationMinutes,
      start,
      end,
    );
    return slots.map((slot) => ({ startsAt: new Date(slot.start), endsAt: new Date(slot.end) }));
  }

  /** A person sees their own connections; an API key (an integration) sees the organization's. */
  connections(viewer: Viewer): Promise<CalendarConnection[]> {
    return this.tenants
      .for(viewer)
      .repository(CalendarConnection)
      .find(viewer.userId ? { userId: viewer.userId } : {}, { createdAt: 'ASC' });
  }
}
